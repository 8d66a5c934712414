using BuildPeer.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Messaging;

/// <summary>
/// Starts Wolverine's hosted services once the database is migrated. Wolverine registers its node and reads its
/// storage as it starts, so with the database down it would stop the whole service from starting; the services'
/// promise is that they start anyway (503 and an unhealthy /health), and recover by themselves when it returns.
/// With the database up this starts Wolverine in its place among the hosted services, as Wolverine itself would.
/// </summary>
internal sealed class MessagingAfterDatabase(IReadOnlyList<IHostedService> wolverine, DatabaseMigrationService database,
    MessagingReadiness readiness, ILogger<MessagingAfterDatabase> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _start = Task.CompletedTask;

    /// <summary>Moves the hosted services AddWolverine registered (from <paramref name="firstDescriptor"/> on) behind this gate.</summary>
    public static void Gate(IServiceCollection services, int firstDescriptor)
    {
        var wolverine = services.Skip(firstDescriptor).Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        foreach (var descriptor in wolverine) services.Remove(descriptor);
        services.AddSingleton<IHostedService>(sp => new MessagingAfterDatabase(
            wolverine.Select(d => (IHostedService)(d.ImplementationFactory?.Invoke(sp) ?? d.ImplementationInstance
                ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!))).ToList(),
            sp.GetRequiredService<DatabaseMigrationService>(), sp.GetRequiredService<MessagingReadiness>(),
            sp.GetRequiredService<ILogger<MessagingAfterDatabase>>()));
    }

    public async Task StartAsync(CancellationToken ct)
    {
        if (database.Migrated.IsCompleted)
        {
            await StartWolverineAsync(ct);
            return;
        }
        logger.LogWarning("Messaging waits for the database before it starts");
        _start = Task.Run(async () =>
        {
            await database.Migrated.WaitAsync(_stopping.Token);
            try
            {
                await StartWolverineAsync(_stopping.Token);
                logger.LogInformation("Messaging started now that the database is reachable");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // /health reports "messaging" unhealthy from here on: the orchestrator replaces this instance.
                logger.LogCritical(e, "Messaging could not start after the database came back");
            }
        });
    }

    private async Task StartWolverineAsync(CancellationToken ct)
    {
        foreach (var service in wolverine) await service.StartAsync(ct);
        readiness.Started();
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        try
        {
            await _start;
        }
        catch (OperationCanceledException)
        {
        }
        if (!readiness.IsStarted) return;
        for (var i = wolverine.Count - 1; i >= 0; i--) await wolverine[i].StopAsync(ct);
    }
}
