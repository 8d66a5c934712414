using System.Text.Json;
using BuildPeer.Messaging.Sqs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Messaging;

/// <summary>
/// Locally (Messaging:CreateQueues), creates the uploads queue and its dead-letter queue before anything
/// sends or listens. The redrive policy is a backstop for a message that kills its consumer every time;
/// the listener's retry policy dead-letters ordinary failures itself.
/// </summary>
public sealed class QueueProvisioner(SqsClient sqs, IOptions<MessagingOptions> options, ILogger<QueueProvisioner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.CreateQueues) return;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var dlqUrl = await sqs.CreateQueueAsync(o.DeadLetterQueueName, new Dictionary<string, string> { ["MessageRetentionPeriod"] = "1209600" }, ct);
                var dlqArn = (await sqs.GetQueueAttributesAsync(dlqUrl, ["QueueArn"], ct))["QueueArn"];
                var redrive = JsonSerializer.Serialize(new { deadLetterTargetArn = dlqArn, maxReceiveCount = (o.RetryCooldowns.Length + 3).ToString() });
                await sqs.CreateQueueAsync(o.UploadsQueue, new Dictionary<string, string>
                {
                    ["VisibilityTimeout"] = o.VisibilityTimeoutSeconds.ToString(),
                    ["RedrivePolicy"] = redrive,
                }, ct);
                if (!string.IsNullOrEmpty(o.S3EventsQueue))
                {
                    var eventsDlq = await sqs.CreateQueueAsync(o.S3EventsQueue + "-dlq", null, ct);
                    var eventsDlqArn = (await sqs.GetQueueAttributesAsync(eventsDlq, ["QueueArn"], ct))["QueueArn"];
                    await sqs.CreateQueueAsync(o.S3EventsQueue, new Dictionary<string, string>
                    {
                        ["RedrivePolicy"] = JsonSerializer.Serialize(new { deadLetterTargetArn = eventsDlqArn, maxReceiveCount = "5" }),
                    }, ct);
                }
                return;
            }
            catch (SqsException e) when (e.IsTransient && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("SQS not reachable yet ({Message}); retrying", e.Message);
                await Task.Delay(500, ct);
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
