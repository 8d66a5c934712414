namespace BuildPeer.Processing.Tools;

/// <summary>clamd answered but could not scan the stream (for example "INSTREAM size limit exceeded").</summary>
public sealed class ClamdScanException(string reply)
    : Exception($"clamd could not scan the stream: {reply}")
{
    public string Reply { get; } = reply;
}
