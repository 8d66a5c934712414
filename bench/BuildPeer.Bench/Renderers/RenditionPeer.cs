using System.Text.Json;
using BuildPeer.Bench.Measure;
using BuildPeer.Processing.Tools;

namespace BuildPeer.Bench.Renderers;

/// <summary>One request to a rendition peer: render (optionally scanning with clamd first, as Processing does) or measure thumbnail bytes.</summary>
public sealed record PeerRequest(string Op, IReadOnlyList<string> Files, int Parallelism, string WorkDirectory, string? ClamdHost = null, int ClamdPort = 0);

public sealed record PeerReply(string? Error, List<ThumbnailSizes>? Sizes = null);

/// <summary>
/// A long-lived child process of the harness that renders in-process with one library
/// (<c>dotnet BuildPeer.Bench.dll render-peer netvips|imagesharp</c>): its CPU and peak RSS are its own, read
/// from /proc like the services', and neither library is loaded into the harness. One JSON request per stdin
/// line, one JSON reply per stdout line.
/// </summary>
public static class RenditionPeer
{
    public const string Command = "render-peer";

    public static async Task<int> RunAsync(string[] args)
    {
        IRenderer renderer = args.ElementAtOrDefault(0) switch
        {
            "netvips" => new NetVipsRenderer(),
            "imagesharp" => new ImageSharpRenderer(),
            var other => throw new ArgumentException($"Unknown renderer '{other}'."),
        };
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new PeerReply(null)) + " " + renderer.Describe());
        await Console.Out.FlushAsync();
        while (await Console.In.ReadLineAsync() is { } line)
        {
            PeerReply reply;
            try
            {
                var request = JsonSerializer.Deserialize<PeerRequest>(line) ?? throw new InvalidOperationException("Empty request.");
                reply = request.Op switch
                {
                    "render" => await RenderAsync(renderer, request),
                    "thumbnail-bytes" => new PeerReply(null, request.Files.SelectMany(ThumbnailBytes.Measure).ToList()),
                    _ => new PeerReply($"Unknown op '{request.Op}'."),
                };
            }
            catch (Exception e)
            {
                reply = new PeerReply($"{e.GetType().Name}: {e.Message}");
            }
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(reply));
            await Console.Out.FlushAsync();
        }
        return 0;
    }

    private static async Task<PeerReply> RenderAsync(IRenderer renderer, PeerRequest request)
    {
        var clamd = request.ClamdHost is null ? null : new ClamdClient(request.ClamdHost, request.ClamdPort);
        await Workers.RunAsync(request.Files.Count, request.Parallelism, async i =>
        {
            var file = request.Files[i];
            if (clamd is not null)
            {
                await using var stream = File.OpenRead(file);
                var verdict = await clamd.ScanAsync(stream);
                if (verdict.Infected) throw new InvalidOperationException($"clamd says {file} is infected: {verdict.Signature}");
            }
            var dir = Path.Combine(request.WorkDirectory, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try { renderer.Render(file, dir); }
            finally { Directory.Delete(dir, recursive: true); }
        });
        return new PeerReply(null);
    }
}
