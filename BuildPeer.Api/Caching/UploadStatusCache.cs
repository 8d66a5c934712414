using System.Text.Json;
using System.Text.Json.Serialization;
using BuildPeer.Uploads.Projection;
using StackExchange.Redis;

namespace BuildPeer.Api.Caching;

/// <summary>A status read from the cache, and the cache generation it was read under (a write-back must match it).</summary>
public sealed record CachedRead(UploadStatus? Status, string Generation);

/// <summary>
/// Upload statuses in Redis for the reads polling clients repeat. Keyed by the caller's tenant, so another
/// tenant's id never hits. Each entry keeps the highest version any instance was told about (its floor): every
/// NOTIFY of a change raises it and drops an older entry, and a read-back from PostgreSQL older than the floor is
/// not stored, so a cached answer is never older than the last change announced. A listener that reconnects
/// (and may have missed announcements) starts a new generation, which empties the cache at once.
/// </summary>
public sealed class UploadStatusCache(RedisAvailability redis, ILogger<UploadStatusCache> logger)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private const string Generation = "bp:status:gen";

    private static readonly LuaScript Read = LuaScript.Prepare("""
        local g = redis.call('GET', @gen) or '0'
        local v = redis.call('HMGET', 'bp:status:' .. g .. ':' .. @id, 'ver', 'data', 'floor')
        return { g, v[1] or '', v[2] or '', v[3] or '' }
        """);

    private static readonly LuaScript Write = LuaScript.Prepare("""
        local g = redis.call('GET', @gen) or '0'
        if g ~= @readGen then return 0 end
        local k = 'bp:status:' .. g .. ':' .. @id
        local floor = tonumber(redis.call('HGET', k, 'floor') or '-1')
        local cached = tonumber(redis.call('HGET', k, 'ver') or '-1')
        local v = tonumber(@ver)
        if v < floor or v <= cached then return 0 end
        redis.call('HSET', k, 'ver', @ver, 'data', @data)
        redis.call('PEXPIRE', k, @ttl)
        return 1
        """);

    private static readonly LuaScript Mark = LuaScript.Prepare("""
        local g = redis.call('GET', @gen) or '0'
        local k = 'bp:status:' .. g .. ':' .. @id
        local v = tonumber(@ver)
        if v > tonumber(redis.call('HGET', k, 'floor') or '-1') then redis.call('HSET', k, 'floor', @ver) end
        if tonumber(redis.call('HGET', k, 'ver') or '-1') < v then redis.call('HDEL', k, 'ver', 'data') end
        redis.call('PEXPIRE', k, @ttl)
        return 1
        """);

    public async Task<CachedRead?> GetAsync(Guid tenantId, Guid uploadId)
    {
        if (redis.Database is not { } db) return null;
        try
        {
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(Read, new { gen = (RedisKey)Generation, id = Id(tenantId, uploadId) }))!;
            var (generation, version, data, floor) = ((string)result[0]!, (string)result[1]!, (string)result[2]!, (string)result[3]!);
            var fresh = data.Length > 0 && (floor.Length == 0 || long.Parse(version) >= long.Parse(floor));
            return new CachedRead(fresh ? JsonSerializer.Deserialize<UploadStatus>(data, Json) : null, generation);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Fail(e);
            return null;
        }
    }

    /// <summary>Stores what a reader loaded from PostgreSQL, unless a newer change was announced meanwhile.</summary>
    public async Task StoreAsync(CachedRead read, UploadStatus status)
    {
        if (redis.Database is not { } db) return;
        try
        {
            await db.ScriptEvaluateAsync(Write, new
            {
                gen = (RedisKey)Generation, readGen = read.Generation, id = Id(status.TenantId, status.Id), ver = status.Version,
                data = JsonSerializer.Serialize(status, Json), ttl = (long)Lifetime.TotalMilliseconds,
            });
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Fail(e);
        }
    }

    public async Task MarkChangedAsync(Guid tenantId, Guid uploadId, long version)
    {
        if (redis.Database is not { } db) return;
        try
        {
            await db.ScriptEvaluateAsync(Mark, new { gen = (RedisKey)Generation, id = Id(tenantId, uploadId), ver = version, ttl = (long)Lifetime.TotalMilliseconds });
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Fail(e);
        }
    }

    /// <summary>Every cached status is dropped: changes may have gone unannounced.</summary>
    public async Task ForgetAllAsync()
    {
        if (redis.Database is not { } db) return;
        try
        {
            await db.StringIncrementAsync(Generation);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Fail(e);
        }
    }

    private static string Id(Guid tenantId, Guid uploadId) => $"{tenantId:N}:{uploadId:N}";

    private void Fail(Exception e)
    {
        redis.Failed();
        logger.LogDebug("Status cache skipped: {Message}", e.Message);
    }
}
