using BuildPeer.Api.Caching;
using StackExchange.Redis;

namespace BuildPeer.Api.Infrastructure.RateLimits;

/// <summary>
/// Counts hits in Redis (INCR, and PEXPIRE on a window's first hit, in one script), so two API instances behind
/// one address enforce the budget one would. While Redis is unreachable each instance counts for itself.
/// </summary>
public sealed class SharedRateCounter(RedisAvailability redis, LocalRateCounter local, ILogger<SharedRateCounter> logger)
{
    private static readonly LuaScript Hit = LuaScript.Prepare("""
        local n = redis.call('INCR', @key)
        if n == 1 then redis.call('PEXPIRE', @key, @windowMs) end
        return { n, redis.call('PTTL', @key) }
        """);

    public async Task<RateWindow> HitAsync(string key, TimeSpan window)
    {
        if (redis.Database is { } db)
        {
            try
            {
                var result = (RedisResult[])(await db.ScriptEvaluateAsync(Hit, new { key = (RedisKey)("bp:rate:" + key), windowMs = (long)window.TotalMilliseconds }))!;
                var ttl = (long)result[1];
                return new RateWindow((long)result[0], TimeSpan.FromMilliseconds(ttl > 0 ? ttl : window.TotalMilliseconds));
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                redis.Failed();
                logger.LogDebug("Rate limit counted in memory: {Message}", e.Message);
            }
        }
        return local.Hit(key, window);
    }
}
