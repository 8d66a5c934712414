namespace BuildPeer.Client.Tests;

/// <summary>A clock that moves only when told, firing the timers that fall due (enough for Task.Delay with a TimeProvider).</summary>
public sealed class FakeClock : TimeProvider
{
    private readonly List<(DateTimeOffset Due, TimerCallback Callback, object? State)> _timers = [];
    private readonly Lock _lock = new();
    private DateTimeOffset _now = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    public List<TimeSpan> Waits { get; } = [];

    public override DateTimeOffset GetUtcNow() { lock (_lock) return _now; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            Waits.Add(dueTime);
            _timers.Add((_now + dueTime, callback, state));
        }
        return new NoopTimer();
    }

    public void Advance(TimeSpan by)
    {
        List<(DateTimeOffset Due, TimerCallback Callback, object? State)> due;
        lock (_lock)
        {
            _now += by;
            due = _timers.Where(t => t.Due <= _now).ToList();
            _timers.RemoveAll(t => t.Due <= _now);
        }
        foreach (var t in due) t.Callback(t.State);
    }

    private sealed class NoopTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
