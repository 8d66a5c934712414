namespace BuildPeer.Client.Retries;

/// <summary>What went wrong with one try of a request: no answer at all (<see cref="StatusCode"/> null), or an error status.</summary>
public sealed record AttemptFailure(int? StatusCode, string Message, TimeSpan? RetryAfter = null, string? ErrorCode = null)
{
    public static AttemptFailure Network(string message) => new(null, message);

    public override string ToString() => StatusCode is { } code ? $"{code} {Message}" : Message;
}
