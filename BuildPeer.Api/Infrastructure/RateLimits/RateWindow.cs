namespace BuildPeer.Api.Infrastructure.RateLimits;

/// <summary>A hit counted in a fixed window: how many so far in it, and how long until it ends.</summary>
public readonly record struct RateWindow(long Count, TimeSpan Remaining)
{
    public bool Allows(int limit) => Count <= limit;
}
