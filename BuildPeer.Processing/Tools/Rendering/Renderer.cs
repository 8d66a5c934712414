using System.Collections.Concurrent;

namespace BuildPeer.Processing.Tools.Rendering;

/// <summary>
/// Photo renditions through long-lived renderer processes (<see cref="RendererProgram"/>): up to
/// <paramref name="processes"/> at a time, each holding one photo, started when first needed and reused. A renderer
/// that dies, runs past the timeout or is abandoned by a cancelled caller is thrown away, never reused.
/// </summary>
public sealed class Renderer(RendererCommand command, int processes = 4, TimeSpan? timeout = null) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(processes, processes);
    private readonly ConcurrentBag<RendererProcess> _idle = [];

    public TimeSpan Timeout { get; } = timeout ?? TimeSpan.FromSeconds(60);

    /// <summary>The renditions of <paramref name="input"/>, or <see cref="ImageUnreadableException"/> for a file libvips refuses.</summary>
    public async Task<IReadOnlyList<RenderedFile>> RenderAsync(RenderRequest request, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        RendererProcess? process = null;
        try
        {
            process = TakeLiveIdle() ?? RendererProcess.Start(command);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(Timeout);
            RenderReply reply;
            try
            {
                reply = await process.AskAsync(request, deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new ExternalToolTimeoutException("renderer", Timeout, $"rendering {Path.GetFileName(request.Input)}");
            }
            var reused = process;
            process = null;
            _idle.Add(reused);
            return reply.Files ?? throw new ImageUnreadableException(reply.Unreadable ?? "the renderer gave no reason");
        }
        finally
        {
            if (process is not null)
            {
                // Died, timed out or cancelled mid-photo: its state is unknown.
                process.Kill();
                process.Dispose();
            }
            _slots.Release();
        }
    }

    /// <summary>An idle renderer that died meanwhile (the OOM killer, an operator) is dropped, not handed a photo.</summary>
    private RendererProcess? TakeLiveIdle()
    {
        while (_idle.TryTake(out var idle))
        {
            if (!idle.HasExited) return idle;
            idle.Dispose();
        }
        return null;
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var process)) process.Dispose();
    }
}
