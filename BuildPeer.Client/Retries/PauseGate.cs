namespace BuildPeer.Client.Retries;

/// <summary>Shared by every request to one service: after a 429 nobody sends until the pause is over (like Uppy's paused queue).</summary>
public sealed class PauseGate(TimeProvider clock)
{
    private long _pausedUntilTicks;

    public DateTimeOffset PausedUntil => new(Interlocked.Read(ref _pausedUntilTicks), TimeSpan.Zero);

    public void PauseFor(TimeSpan delay)
    {
        var until = clock.GetUtcNow().Add(delay).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _pausedUntilTicks);
            if (current >= until) return;
        } while (Interlocked.CompareExchange(ref _pausedUntilTicks, until, current) != current);
    }

    public async Task WaitAsync(CancellationToken ct)
    {
        while (PausedUntil - clock.GetUtcNow() is { Ticks: > 0 } remaining)
            await Task.Delay(remaining, clock, ct);
    }
}
