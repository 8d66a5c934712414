using System.Text.RegularExpressions;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>One request the proxy saw, with how many of its body bytes reached storage.</summary>
public sealed partial class ProxiedRequest(int index, string method, string target, long contentLength)
{
    private long _forwarded;

    public int Index { get; } = index;
    public string Method { get; } = method;
    public string Target { get; } = target;
    public string Path { get; } = target.Split('?')[0];
    public long ContentLength { get; } = contentLength;
    public int? PartNumber { get; } = PartNumberQuery().Match(target) is { Success: true } m ? int.Parse(m.Groups[1].Value) : null;
    public ProxyFault Fault { get; internal set; } = ProxyFault.None;
    public long BodyBytesForwarded => Interlocked.Read(ref _forwarded);

    internal void Forwarded(long bytes) => Interlocked.Add(ref _forwarded, bytes);

    public override string ToString() => $"#{Index} {Method} {Path} part={PartNumber} {BodyBytesForwarded}/{ContentLength} {Fault.GetType().Name}";

    [GeneratedRegex(@"[?&]partNumber=(\d+)")]
    private static partial Regex PartNumberQuery();
}
