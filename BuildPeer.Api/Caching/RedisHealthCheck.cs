using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.Api.Caching;

/// <summary>Redis down is Degraded, not Unhealthy: limits fall back to per-instance counting and reads to PostgreSQL.</summary>
public sealed class RedisHealthCheck(RedisAvailability redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!redis.IsConnected) return HealthCheckResult.Degraded("Redis is unreachable: rate limits count per instance and status reads go to PostgreSQL.");
        try
        {
            var latency = await redis.Database!.PingAsync();
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Degraded($"Redis did not answer PING ({e.Message}): rate limits count per instance and status reads go to PostgreSQL.");
        }
    }
}
