namespace BuildPeer.IntegrationTests.Client;

/// <summary>A bandwidth shared by every connection of the proxy: each chunk waits for its share of the link.</summary>
public sealed class BandwidthLimit
{
    private readonly Lock _lock = new();
    private DateTime _nextFree = DateTime.UtcNow;

    /// <summary>Bytes per second; 0 = unlimited.</summary>
    public long BytesPerSecond { get; set; }

    public Task WaitAsync(int bytes, CancellationToken ct)
    {
        var rate = BytesPerSecond;
        if (rate <= 0) return Task.CompletedTask;
        DateTime until;
        var now = DateTime.UtcNow;
        lock (_lock)
        {
            until = (_nextFree > now ? _nextFree : now) + TimeSpan.FromSeconds((double)bytes / rate);
            _nextFree = until;
        }
        var wait = until - now;
        return wait > TimeSpan.FromMilliseconds(1) ? Task.Delay(wait, ct) : Task.CompletedTask;
    }
}
