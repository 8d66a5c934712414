using System.Net.Http.Headers;

namespace BuildPeer.Client.Retries;

public static class RetryAfterHeader
{
    /// <summary>Retry-After as a delay: either seconds, or an HTTP date compared with <paramref name="now"/>.</summary>
    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
