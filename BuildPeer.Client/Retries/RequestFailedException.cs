namespace BuildPeer.Client.Retries;

/// <summary>One try of a request failed; <see cref="Retrier"/> decides with the <see cref="RetryPolicy"/> whether to try again.</summary>
public sealed class RequestFailedException(AttemptFailure failure) : Exception(failure.ToString())
{
    public AttemptFailure Failure { get; } = failure;
}
