using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BuildPeer.Data;

/// <summary>
/// Runs migrations before the server takes requests, waiting up to Database:StartupWait (30 s) for the database.
/// If it is still down, the service starts anyway (its endpoints answer 503 and /health says why) and keeps
/// trying in the background, so it recovers without a restart when the database returns.
/// </summary>
public sealed class DatabaseMigrationService(DatabaseSettings settings, IConfiguration configuration, ILogger<DatabaseMigrationService> logger) : BackgroundService
{
    private readonly TaskCompletionSource _migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Migrated => _migrated.Task;

    public override async Task StartAsync(CancellationToken ct)
    {
        var wait = configuration.GetValue("Database:StartupWait", TimeSpan.FromSeconds(30));
        if (await TryMigrateUntilAsync(DateTime.UtcNow + wait, ct)) return;
        logger.LogError("Database unreachable after {Wait}; starting anyway and retrying in the background", wait);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested && !_migrated.Task.IsCompleted)
        {
            if (await TryMigrateUntilAsync(DateTime.UtcNow.AddSeconds(5), stoppingToken)) return;
        }
    }

    private async Task<bool> TryMigrateUntilAsync(DateTime deadline, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await DatabaseMigrator.MigrateAsync(settings, ct);
                logger.LogInformation("Database schema is up to date");
                _migrated.TrySetResult();
                return true;
            }
            catch (NpgsqlException e) when (e.IsTransient || e.InnerException is System.Net.Sockets.SocketException)
            {
                if (DateTime.UtcNow >= deadline) return false;
                logger.LogWarning("Database not reachable yet ({Message}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }
}
