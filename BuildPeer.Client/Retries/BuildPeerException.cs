namespace BuildPeer.Client.Retries;

/// <summary>A request that failed for good: a final answer (4xx) or retries used up. The message says what to do.</summary>
public sealed class BuildPeerException(string message, int? statusCode = null, int attempts = 1, Exception? inner = null)
    : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
    public int Attempts { get; } = attempts;
}
