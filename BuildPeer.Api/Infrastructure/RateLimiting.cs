using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace BuildPeer.Api.Infrastructure;

/// <summary>The "RateLimits" section: per user, fixed one-minute windows.</summary>
public sealed class RateLimitOptions
{
    public int RequestsPerMinute { get; set; } = 100;
    public int InitiationsPerMinute { get; set; } = 50;
    /// <summary>Callers without a token (login, refresh), per IP address: many workers on one site share a NAT.</summary>
    public int AnonymousRequestsPerMinute { get; set; } = 100;
}

public static class RateLimiting
{
    public const string Initiations = "initiations";

    public static IServiceCollection AddBuildPeerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                PerUser(http, "all", options.RequestsPerMinute, options.AnonymousRequestsPerMinute));
            limiter.AddPolicy(Initiations, http => PerUser(http, Initiations, options.InitiationsPerMinute, options.InitiationsPerMinute));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = 429,
                        Title = "Too many requests",
                        Detail = $"Limit: {options.RequestsPerMinute} requests and {options.InitiationsPerMinute} upload initiations per minute per user, " +
                                 $"{options.AnonymousRequestsPerMinute} per minute per IP address without a token. Retry after {Math.Ceiling(retryAfter.TotalSeconds)} s.",
                    },
                });
            };
        });
        return services;
    }

    // Anonymous callers (login) are partitioned by IP address, with their own limit.
    private static RateLimitPartition<string> PerUser(HttpContext http, string bucket, int userPermitsPerMinute, int anonymousPermitsPerMinute)
    {
        var user = http.User.FindFirst("sub")?.Value;
        var key = user ?? "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return RateLimitPartition.GetFixedWindowLimiter($"{bucket}:{key}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = user is null ? anonymousPermitsPerMinute : userPermitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
