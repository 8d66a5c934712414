using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BuildPeer.Data;

/// <summary>Runs migrations before the server takes requests, waiting for the database to come up (up to a minute).</summary>
public sealed class DatabaseMigrationService(DatabaseSettings settings, ILogger<DatabaseMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                await DatabaseMigrator.MigrateAsync(settings, ct);
                logger.LogInformation("Database schema is up to date");
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Database not reachable yet ({Message}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
