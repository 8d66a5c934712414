using BuildPeer.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.Messaging;

/// <summary>Unhealthy until Wolverine has started (it waits for the database; see MessagingAfterDatabase).</summary>
internal sealed class MessagingStartedHealthCheck(MessagingReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(readiness.IsStarted
            ? HealthCheckResult.Healthy("Wolverine is running.")
            : HealthCheckResult.Unhealthy("Wolverine has not started: it starts once the database is reachable and migrated."));
}
