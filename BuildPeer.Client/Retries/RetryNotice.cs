namespace BuildPeer.Client.Retries;

/// <summary>Told to the caller each time a try failed and what happens next.</summary>
public sealed record RetryNotice(string What, int FailedAttempts, RetryDecision Decision, AttemptFailure Failure);
