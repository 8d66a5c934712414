namespace BuildPeer.Client.Retries;

public enum RetryAction
{
    /// <summary>Wait <see cref="RetryDecision.Delay"/>, then try again.</summary>
    Retry,
    /// <summary>The presigned URL was refused (expired): get a fresh one, then try again at once.</summary>
    Resign,
    /// <summary>Rate limited: pause every request to that service for <see cref="RetryDecision.Delay"/>.</summary>
    Pause,
    GiveUp,
}

public sealed record RetryDecision(RetryAction Action, TimeSpan Delay, string Reason)
{
    public static RetryDecision GiveUp(string reason) => new(RetryAction.GiveUp, TimeSpan.Zero, reason);
}
