namespace BuildPeer.Bench.Measure;

/// <summary>
/// A process a phase measures. With <paramref name="Tree"/>, its CPU includes its live descendants' (PostgreSQL's
/// per-connection backends, tools still running when the reading is taken).
/// </summary>
/// <summary>A process to measure; with <see cref="Tree"/>, its descendants too, except the subtrees of <see cref="Skip"/>.</summary>
public sealed record Watched(string Name, int Pid, bool Tree = false, IReadOnlyCollection<int>? Skip = null);

/// <summary>Peak memory of one process over a phase.</summary>
public sealed record MemoryPeak(string Name, long PeakRssKb, long SampledPeakKb, long SampledPeakWithChildrenKb, bool HighWaterMarkReset)
{
    /// <summary>VmHWM after a reset at the start of the phase; the sampled maximum if the reset was refused (then VmHWM is the lifetime peak).</summary>
    public long PhasePeakKb => HighWaterMarkReset ? Math.Max(PeakRssKb, SampledPeakKb) : SampledPeakKb;
}

/// <summary>
/// Resets the kernel's RSS high-water mark of each watched process at the start of a phase, samples RSS
/// every 100 ms (and, every 300 ms, RSS summed over the process's children: the vips/poppler tools Processing runs),
/// and at the end reports VmHWM (exact) beside the sampled maxima.
/// </summary>
public sealed class PeakSampler : IAsyncDisposable
{
    private readonly List<Watched> _watched;
    private readonly Dictionary<string, bool> _reset = new();
    private readonly Dictionary<string, long> _peak = new();
    private readonly Dictionary<string, long> _peakWithChildren = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public PeakSampler(IEnumerable<Watched> watched, bool withChildren = true)
    {
        _watched = watched.ToList();
        foreach (var w in _watched)
        {
            _reset[w.Name] = ProcStats.ResetPeak(w.Pid);
            _peak[w.Name] = 0;
            _peakWithChildren[w.Name] = 0;
        }
        _loop = Task.Run(() => LoopAsync(withChildren));
    }

    private async Task LoopAsync(bool withChildren)
    {
        var tick = 0;
        while (!_stop.IsCancellationRequested)
        {
            // Children are found by one walk over /proc, every third sample (300 ms) to keep the sampler's own CPU small.
            var parents = withChildren && tick++ % 3 == 0 ? ProcStats.ParentMap() : null;
            foreach (var w in _watched)
            {
                var own = ProcStats.RssKb(w.Pid);
                lock (_peak) _peak[w.Name] = Math.Max(_peak[w.Name], own);
                if (parents is not null)
                {
                    var total = own + ProcStats.Descendants(w.Pid, parents).Sum(ProcStats.RssKb);
                    lock (_peak) _peakWithChildren[w.Name] = Math.Max(_peakWithChildren[w.Name], total);
                }
            }
            try { await Task.Delay(100, _stop.Token); } catch (OperationCanceledException) { return; }
        }
    }

    public async Task<List<MemoryPeak>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        lock (_peak)
            return _watched.Select(w => new MemoryPeak(w.Name, ProcStats.PeakRssKb(w.Pid), _peak[w.Name],
                Math.Max(_peakWithChildren[w.Name], _peak[w.Name]), _reset[w.Name])).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
