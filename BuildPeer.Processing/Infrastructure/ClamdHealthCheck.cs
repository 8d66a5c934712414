using BuildPeer.Processing.Tools;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.Processing.Infrastructure;

public sealed class ClamdHealthCheck(ClamdClient clamd) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(3));
            return await clamd.PingAsync(cts.Token) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("clamd did not answer PONG");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("clamd: " + e.Message, e);
        }
    }
}
