using System.Diagnostics;
using System.Text.Json;
using BuildPeer.Bench.Benchmarks;
using BuildPeer.Bench.Measure;

namespace BuildPeer.Bench.Renderers;

/// <summary>The harness's side of a <see cref="RenditionPeer"/>: starts it, sends requests, times them, reads its CPU and peak RSS.</summary>
public sealed class RenditionPeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _workDirectory;

    private RenditionPeerProcess(Process process, string name, string description, string workDirectory)
    {
        _process = process;
        Name = name;
        Description = description;
        _workDirectory = workDirectory;
    }

    public string Name { get; }
    public string Description { get; }
    public int Pid => _process.Id;

    /// <summary>VmHWM: the most memory the renderer ever held, libraries loaded and every photo so far.</summary>
    public long PeakRssKb => ProcStats.PeakRssKb(_process.Id);

    public static async Task<RenditionPeerProcess> StartAsync(string engine, string workDirectory, CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(RenditionPeer).Assembly.Location);
        info.ArgumentList.Add(RenditionPeer.Command);
        info.ArgumentList.Add(engine);
        // The same GC settings as Processing (workstation, from runtimeconfig): nothing to set.
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start the {engine} peer.");
        var hello = await process.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromMinutes(1), ct)
                    ?? throw new InvalidOperationException($"The {engine} peer exited at start.");
        var reply = JsonSerializer.Deserialize<PeerReply>(hello[..(hello.IndexOf('}') + 1)]);
        if (reply?.Error is { } error) throw new InvalidOperationException(error);
        Directory.CreateDirectory(workDirectory);
        return new RenditionPeerProcess(process, engine, hello[(hello.IndexOf('}') + 2)..], workDirectory);
    }

    /// <summary>The renditions of <paramref name="files"/>, <paramref name="parallelism"/> at a time; with clamd, each scanned first.</summary>
    public async Task<RawTools.Run> RenderAsync(IReadOnlyList<string> files, int parallelism, (string Host, int Port, Watched Watched)? clamd, CancellationToken ct)
    {
        List<Watched> watched = [new(Name, _process.Id)];
        if (clamd is { } c) watched.Add(c.Watched);
        var meter = new CpuMeter(watched);
        await AskAsync(new PeerRequest("render", files, parallelism, _workDirectory, clamd?.Host, clamd?.Port ?? 0), ct);
        var reading = meter.Stop();
        return new RawTools.Run(files.Count, reading.WallSeconds, reading);
    }

    public async Task<List<ThumbnailSizes>> ThumbnailBytesAsync(IReadOnlyList<string> files, CancellationToken ct) =>
        (await AskAsync(new PeerRequest("thumbnail-bytes", files, 1, _workDirectory), ct)).Sizes ?? [];

    private async Task<PeerReply> AskAsync(PeerRequest request, CancellationToken ct)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(request).AsMemory(), ct);
        await _process.StandardInput.FlushAsync(ct);
        var line = await _process.StandardOutput.ReadLineAsync(ct) ?? throw new InvalidOperationException($"The {Name} peer exited (code {ExitCode()}).");
        var reply = JsonSerializer.Deserialize<PeerReply>(line) ?? throw new InvalidOperationException($"The {Name} peer answered nothing.");
        return reply.Error is null ? reply : throw new InvalidOperationException($"The {Name} peer failed: {reply.Error}");
    }

    private string ExitCode() => _process.HasExited ? _process.ExitCode.ToString() : "still running";

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!await WaitAsync(TimeSpan.FromSeconds(10))) _process.Kill();
        _process.Dispose();
    }

    private async Task<bool> WaitAsync(TimeSpan timeout)
    {
        try { await _process.WaitForExitAsync().WaitAsync(timeout); return true; }
        catch (TimeoutException) { return false; }
    }
}
