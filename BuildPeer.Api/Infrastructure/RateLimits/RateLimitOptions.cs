namespace BuildPeer.Api.Infrastructure.RateLimits;

/// <summary>The "RateLimits" section: fixed one-minute windows, counted in Redis so every API instance shares them.</summary>
public sealed class RateLimitOptions
{
    public int RequestsPerMinute { get; set; } = 100;
    public int InitiationsPerMinute { get; set; } = 50;
    /// <summary>Callers without a token (login, refresh), per IP address: many workers on one site share a NAT.</summary>
    public int AnonymousRequestsPerMinute { get; set; } = 100;
}
