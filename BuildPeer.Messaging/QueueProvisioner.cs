using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Messaging;

/// <summary>
/// Locally (Messaging:CreateQueues), creates the uploads queue and its dead-letter queue before anything
/// sends or listens. The redrive policy is a backstop for a message that kills its consumer every time;
/// the listener's retry policy dead-letters ordinary failures itself.
/// </summary>
public sealed class QueueProvisioner(IAmazonSQS sqs, IOptions<MessagingOptions> options, ILogger<QueueProvisioner> logger) : IHostedService
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
                var dlqUrl = await CreateAsync(o.DeadLetterQueueName, new() { ["MessageRetentionPeriod"] = "1209600" }, ct);
                var redrive = JsonSerializer.Serialize(new { deadLetterTargetArn = await sqs.QueueArnAsync(dlqUrl, ct), maxReceiveCount = (o.RetryCooldowns.Length + 3).ToString() });
                await CreateAsync(o.UploadsQueue, new()
                {
                    ["VisibilityTimeout"] = o.VisibilityTimeoutSeconds.ToString(),
                    ["RedrivePolicy"] = redrive,
                }, ct);
                if (!string.IsNullOrEmpty(o.S3EventsQueue))
                {
                    var eventsDlq = await CreateAsync(o.S3EventsQueue + "-dlq", [], ct);
                    await CreateAsync(o.S3EventsQueue, new()
                    {
                        ["RedrivePolicy"] = JsonSerializer.Serialize(new { deadLetterTargetArn = await sqs.QueueArnAsync(eventsDlq, ct), maxReceiveCount = "5" }),
                    }, ct);
                }
                return;
            }
            catch (Exception e) when (IsUnreachable(e) && DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
            {
                logger.LogWarning("SQS not reachable yet ({Message}); retrying", e.Message);
                await Task.Delay(500, ct);
            }
        }
    }

    private async Task<string> CreateAsync(string name, Dictionary<string, string> attributes, CancellationToken ct) =>
        (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes }, ct)).QueueUrl;

    private static bool IsUnreachable(Exception e) =>
        e is HttpRequestException or IOException or TaskCanceledException
        || e is AmazonSQSException sqsError && sqsError.IsTransient()
        || e.InnerException is HttpRequestException or IOException;

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
