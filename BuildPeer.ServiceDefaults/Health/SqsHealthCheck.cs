using Amazon.SQS;
using BuildPeer.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BuildPeer.ServiceDefaults.Health;

public sealed class SqsHealthCheck(IAmazonSQS sqs, QueueDirectory queues, IOptions<MessagingOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            var url = await queues.UrlOfAsync(options.Value.UploadsQueue, cts.Token);
            await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages"], cts.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("SQS: " + e.Message, e);
        }
    }
}
