namespace BuildPeer.Bench.Link;

/// <summary>A byte-rate limiter; shared by the connections of one link direction, or owned by one connection.</summary>
public sealed class TokenBucket(double bytesPerSecond, double burstBytes)
{
    private readonly double _burst = burstBytes;
    private readonly object _gate = new();
    private double _tokens = burstBytes;
    private long _last = Environment.TickCount64;

    /// <summary>Takes <paramref name="bytes"/>, waiting for the rate to allow them.</summary>
    public async Task TakeAsync(int bytes, CancellationToken ct)
    {
        double wait;
        lock (_gate)
        {
            var now = Environment.TickCount64;
            _tokens = Math.Min(_burst, _tokens + (now - _last) / 1000.0 * bytesPerSecond);
            _last = now;
            _tokens -= bytes;
            wait = _tokens < 0 ? -_tokens / bytesPerSecond : 0;
        }
        if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait), ct);
    }
}
