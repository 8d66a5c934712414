using Amazon.SQS;
using BuildPeer.Messaging;
using BuildPeer.Uploads.Rules;
using BuildPeer.Uploads.S3Events;
using Microsoft.Extensions.Options;

namespace BuildPeer.Processing.Receiving;

/// <summary>
/// Listens on the s3-events queue for ObjectCreated notifications (S3's own format, or EventBridge's) and receives
/// uploads whose clients never called complete, or rejects a write that came after completion. A message is deleted once handled; one that keeps failing goes to
/// the queue's dead-letter queue through its redrive policy.
/// </summary>
public sealed class S3EventListener(
    IAmazonSQS sqs,
    QueueDirectory queues,
    UploadReceiver receiver,
    LateWriteGuard lateWrites,
    IOptions<MessagingOptions> options,
    ILogger<S3EventListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = options.Value.S3EventsQueue;
        if (string.IsNullOrEmpty(queue)) return;
        string? url = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                url ??= await queues.UrlOfAsync(queue, stoppingToken);
                foreach (var message in await sqs.ReceiveAsync(url, 10, options.Value.WaitTimeSeconds, 60, stoppingToken))
                {
                    await HandleAsync(message.Body, stoppingToken);
                    await sqs.DeleteMessageAsync(url, message.ReceiptHandle, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "S3 event handling failed; the message returns after its visibility timeout");
                try { await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    public async Task HandleAsync(string body, CancellationToken ct)
    {
        IReadOnlyList<S3ObjectCreated> created;
        try { created = S3ObjectCreated.Parse(body); }
        catch (System.Text.Json.JsonException e)
        {
            logger.LogWarning("Ignoring an s3-events message that is not JSON: {Message}", e.Message);
            return;
        }
        foreach (var item in created)
        {
            // Only client writes matter here; Processing's own copies and renditions notify too.
            if (!ObjectKeys.TryParseIncoming(item.Key, out var tenantId, out _, out var uploadId)) continue;
            if (!await receiver.TryReceiveAsync(tenantId, uploadId, "s3-event", ct))
                await lateWrites.CheckAsync(tenantId, uploadId, "s3-event", ct);
        }
    }
}
