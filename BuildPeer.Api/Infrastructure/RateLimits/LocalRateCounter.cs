using System.Collections.Concurrent;

namespace BuildPeer.Api.Infrastructure.RateLimits;

/// <summary>Fixed windows in this process's memory: what limits fall back to while Redis is unreachable (then they hold per instance).</summary>
public sealed class LocalRateCounter(TimeProvider clock)
{
    private sealed class Window(DateTimeOffset ends)
    {
        public DateTimeOffset Ends { get; } = ends;
        public long Count;
    }

    private readonly ConcurrentDictionary<string, Window> _windows = new();
    private DateTimeOffset _nextSweep;

    public RateWindow Hit(string key, TimeSpan length)
    {
        var now = clock.GetUtcNow();
        Sweep(now);
        var window = _windows.AddOrUpdate(key, _ => new Window(now + length), (_, w) => w.Ends <= now ? new Window(now + length) : w);
        return new RateWindow(Interlocked.Increment(ref window.Count), window.Ends - now);
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep) return;
        _nextSweep = now.AddMinutes(1);
        foreach (var (key, window) in _windows)
            if (window.Ends <= now) _windows.TryRemove(key, out _);
    }
}
