using BuildPeer.Api.Caching;
using BuildPeer.Data;
using Npgsql;

namespace BuildPeer.Api.Live;

/// <summary>
/// LISTENs on the upload_status channel over one dedicated connection (outside the pool, kept alive) and hands
/// every notification to the hub. If the connection drops it reconnects with backoff and asks every subscriber to
/// catch up from the database, since notifications sent meanwhile are gone. Each change also raises the status
/// cache's floor for that upload, and a reconnect empties the cache.
/// </summary>
public sealed class UploadChangeListener(DatabaseSettings settings, LiveHub hub, UploadStatusCache cache, ILogger<UploadChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private volatile bool _listening;

    public bool IsListening => _listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(settings.AppConnectionString)
        {
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = "buildpeer-api-live",
        }.ConnectionString;
        var backoff = TimeSpan.FromSeconds(1);
        var everConnected = false;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {UploadChange.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                _listening = true;
                if (everConnected)
                {
                    logger.LogInformation("Live status listener reconnected; subscribers catch up from the database");
                    hub.ResyncAll();
                    await cache.ForgetAllAsync();
                }
                everConnected = true;
                backoff = TimeSpan.FromSeconds(1);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _listening = false;
                logger.LogWarning("Live status listener lost its connection ({Message}); retrying in {Delay}", e.Message, backoff);
                try { await Task.Delay(backoff, stoppingToken); }
                catch (OperationCanceledException) { break; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
        _listening = false;
    }

    private void OnNotification(string payload)
    {
        if (UploadChange.TryParse(payload) is { } change)
        {
            _ = cache.MarkChangedAsync(change.TenantId, change.UploadId, change.Version);
            hub.Publish(change);
        }
        else logger.LogWarning("Ignored a notification on {Channel} that is not an upload change", UploadChange.Channel);
    }
}
