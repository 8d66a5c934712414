using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wolverine;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>ASP.NET Core health check for /health: every queue this node listens to or sends to answers SQS.</summary>
public sealed class AmazonSqsHealthCheck(WolverineOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var transport = options.Transports.GetOrCreate<AmazonSqsTransport>();
        var (healthy, message, data) = await SqsQueueProbe.ProbeAsync(transport, ct);
        return healthy ? HealthCheckResult.Healthy("SQS: " + message, data) : HealthCheckResult.Unhealthy("SQS: " + message, data: data);
    }
}
