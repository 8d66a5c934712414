namespace BuildPeer.Client.Resume;

/// <summary>The state of one file's upload during a run, saved after every change (parts confirm from several threads).</summary>
internal sealed class ResumeTracker(ResumeStateStore? store, string key, ResumeState initial)
{
    private readonly Lock _lock = new();

    public ResumeState State { get; private set; } = initial;

    public void Update(Func<ResumeState, ResumeState> change)
    {
        lock (_lock)
        {
            State = change(State) with { UpdatedAt = DateTimeOffset.UtcNow };
            store?.Save(key, State);
        }
    }

    public void PartConfirmed(int partNumber, string sha256) => Update(s =>
    {
        var parts = new Dictionary<int, string>(s.ConfirmedParts) { [partNumber] = sha256 };
        return s with { ConfirmedParts = parts };
    });
}
