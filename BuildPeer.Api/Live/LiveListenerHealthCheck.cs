using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.Api.Live;

/// <summary>Degraded (not unhealthy) while the listener reconnects: the API still answers, only live pushes pause.</summary>
public sealed class LiveListenerHealthCheck(UploadChangeListener listener) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(listener.IsListening
            ? HealthCheckResult.Healthy($"listening on '{UploadChange.Channel}'")
            : HealthCheckResult.Degraded("not listening for upload changes; live updates are paused until it reconnects"));
}
