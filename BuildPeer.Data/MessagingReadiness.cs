namespace BuildPeer.Data;

/// <summary>
/// Whether Wolverine has started. It starts only once the database is migrated (a service whose database is down at
/// start still starts, answers 503 and recovers by itself), so a session that publishes in the moment between the
/// database coming back and Wolverine being up waits for it, briefly, rather than failing.
/// </summary>
public sealed class MessagingReadiness
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsStarted => _started.Task.IsCompleted;

    public void Started() => _started.TrySetResult();

    public async Task WaitAsync(CancellationToken ct)
    {
        try
        {
            await _started.Task.WaitAsync(Patience, ct);
        }
        catch (TimeoutException)
        {
            throw new MessagingNotStartedException();
        }
    }
}

/// <summary>Wolverine has not started yet (the database was down at start and has only just come back): retry shortly.</summary>
public sealed class MessagingNotStartedException()
    : Exception($"Messaging has not started yet (it starts once the database is reachable); waited {MessagingReadiness.Patience.TotalSeconds:0} s.");
