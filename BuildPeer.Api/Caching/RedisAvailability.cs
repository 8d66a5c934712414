using StackExchange.Redis;

namespace BuildPeer.Api.Caching;

/// <summary>
/// The shared Redis, when one is configured (ConnectionStrings:redis) and answering. After a failure it is left
/// alone for a few seconds, so that while it is down requests go straight to the fallbacks (per-instance limits,
/// PostgreSQL reads) instead of each waiting for a timeout; the client reconnects by itself.
/// </summary>
public sealed class RedisAvailability(IServiceProvider services, TimeProvider clock, ILogger<RedisAvailability> logger)
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(5);
    private readonly Lazy<IConnectionMultiplexer?> _connection = new(() => Connect(services, logger));
    private long _pausedUntilTicks;

    /// <summary>The database to use now, or null: not configured, not connected, or paused after a failure.</summary>
    public IDatabase? Database
    {
        get
        {
            if (clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _pausedUntilTicks)) return null;
            return _connection.Value is { IsConnected: true } connection ? connection.GetDatabase() : null;
        }
    }

    public bool IsConnected => _connection.Value?.IsConnected == true;

    /// <summary>After a failed call: leave Redis alone for a moment.</summary>
    public void Failed()
    {
        Interlocked.Exchange(ref _pausedUntilTicks, (clock.GetUtcNow() + Pause).UtcTicks);
    }

    private static IConnectionMultiplexer? Connect(IServiceProvider services, ILogger logger)
    {
        try
        {
            return services.GetService<IConnectionMultiplexer>();
        }
        catch (Exception e) when (e is RedisException or InvalidOperationException)
        {
            logger.LogWarning("Redis is configured but could not be set up ({Message}); limits and reads use the fallbacks", e.Message);
            return null;
        }
    }
}
