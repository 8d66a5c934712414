namespace BuildPeer.Api.Infrastructure.RateLimits;

/// <summary>Endpoint metadata: the request also counts against the per-user initiation limit.</summary>
public sealed class InitiationLimit
{
    public static readonly InitiationLimit Instance = new();
}

public static class InitiationLimitExtensions
{
    public static RouteHandlerBuilder CountsAsInitiation(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(InitiationLimit.Instance);
}
