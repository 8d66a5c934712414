using JasperFx.Events;
using System.Diagnostics;
using BuildPeer.Data;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.Messaging;

/// <summary>
/// Long-polls one queue and runs each message's handler in a tenant transaction. The SQS message is
/// deleted only after that transaction commits (at-least-once); a redelivered envelope id is found in
/// wolverine_incoming_envelopes and skipped. Failures follow the <see cref="RetryPolicy"/>.
/// </summary>
public sealed class SqsListener(
    IAmazonSQS sqs,
    QueueDirectory queues,
    TenantSessions store,
    DurableOutbox outbox,
    HandlerInvoker invoker,
    RetryPolicy retryPolicy,
    IOptions<MessagingOptions> options,
    ILogger<SqsListener> logger) : BackgroundService
{
    public static readonly ActivitySource ActivitySource = new("BuildPeer.Messaging");
    private readonly MessagingOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? url = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                url ??= await queues.UrlOfAsync(_options.UploadsQueue, stoppingToken);
                var messages = await sqs.ReceiveAsync(url, _options.MaxMessagesPerReceive, _options.WaitTimeSeconds,
                    _options.VisibilityTimeoutSeconds, stoppingToken);
                await Parallel.ForEachAsync(messages,
                    new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentHandlers },
                    async (message, _) =>
                    {
                        // Graceful shutdown: handlers already running finish (the host's shutdown timeout bounds them);
                        // messages received but not started go straight back to the queue for another instance.
                        if (stoppingToken.IsCancellationRequested) await ReturnToQueueAsync(url, message);
                        else await ProcessAsync(url, message, CancellationToken.None);
                    });
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Receiving from {Queue} failed; retrying", _options.UploadsQueue);
                try { await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task ReturnToQueueAsync(string queueUrl, Message message)
    {
        try { await sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 0, CancellationToken.None); }
        catch (Exception e) { logger.LogWarning(e, "Could not return message {MessageId}; it reappears after its visibility timeout", message.MessageId); }
    }

    public async Task ProcessAsync(string queueUrl, Message message, CancellationToken ct)
    {
        var attributes = message.StringAttributes();
        var messageType = attributes.GetValueOrDefault(Envelope.TypeAttribute) ?? "";
        var envelopeId = Guid.TryParse(attributes.GetValueOrDefault(Envelope.IdAttribute), out var id) ? id : Guid.Empty;
        var tenantId = Guid.TryParse(attributes.GetValueOrDefault(Envelope.TenantAttribute), out var t) ? t : Guid.Empty;
        var attempt = Math.Max(1, message.ReceiveCount());

        ActivityContext.TryParse(attributes.GetValueOrDefault(Envelope.TraceParentAttribute), null, out var parent);
        using var activity = ActivitySource.StartActivity($"{_options.UploadsQueue} process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "aws_sqs");
        activity?.SetTag("messaging.message.id", envelopeId.ToString());
        activity?.SetTag("messaging.message.type", messageType);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenantId, ["EnvelopeId"] = envelopeId, ["MessageType"] = messageType });

        object body;
        try
        {
            if (envelopeId == Guid.Empty || tenantId == Guid.Empty) throw new InvalidOperationException("The message has no envelope id or tenant id attribute.");
            body = invoker.Deserialize(messageType, message.Body);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unreadable message {MessageId}; moving it to the dead-letter queue", message.MessageId);
            await DeadLetterAsync(queueUrl, message, e, ct);
            return;
        }

        try
        {
            if (!await HandleOnceOrAgainAsync(body, envelopeId, tenantId, attempt, messageType, activity, ct))
                logger.LogInformation("Envelope {EnvelopeId} was already handled; dropping the duplicate delivery", envelopeId);
        }
        catch (Exception e)
        {
            await HandleFailureAsync(queueUrl, message, body, envelopeId, tenantId, attempt, e, ct);
            return;
        }
        await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, ct);
    }

    /// <summary>
    /// Runs the handler in its own transaction. An expected-version conflict means another delivery or path moved
    /// the stream on first: the handler runs again on the new state (where it usually has nothing left to do), as
    /// Wolverine does for Marten's concurrency exceptions; it is not a failure of the upload.
    /// Returns false when the inbox shows this envelope was already handled.
    /// </summary>
    private async Task<bool> HandleOnceOrAgainAsync(object body, Guid envelopeId, Guid tenantId, int attempt, string messageType, Activity? activity, CancellationToken ct)
    {
        const int maxConcurrencyRetries = 3;
        for (var run = 1; ; run++)
        {
            try
            {
                await using var session = await store.OpenAsync(tenantId, ct);
                session.CausationId = envelopeId.ToString();
                session.CorrelationId = activity?.TraceId.ToString();
                if (!await MarkReceivedAsync(session, envelopeId, messageType, ct)) return false;
                var cascades = await invoker.HandleAsync(body, new MessageContext(envelopeId, tenantId, attempt, session), ct);
                foreach (var cascade in cascades) outbox.Publish(session, cascade);
                await session.SaveChangesAsync(ct);
                return true;
            }
            catch (EventStreamUnexpectedMaxEventIdException e) when (run < maxConcurrencyRetries)
            {
                logger.LogInformation("Stream {StreamId} moved on while {MessageType} ran; running it again on the new state", e.Id, messageType);
            }
        }
    }

    private async Task HandleFailureAsync(string queueUrl, Message message, object body, Guid envelopeId, Guid tenantId, int attempt, Exception error, CancellationToken ct)
    {
        switch (retryPolicy.Decide(error, attempt))
        {
            case FailureAction.RetryAfter retry:
                logger.LogWarning(error, "Attempt {Attempt} of {MessageType} failed; retrying in {Cooldown}", attempt, body.GetType().Name, retry.Cooldown);
                // The message becomes visible again after the cooldown; SQS counts the next receive.
                await sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, (int)Math.Ceiling(retry.Cooldown.TotalSeconds), ct);
                break;
            default:
                logger.LogError(error, "{MessageType} failed on attempt {Attempt}; moving it to the dead-letter queue", body.GetType().Name, attempt);
                await using (var session = await store.OpenAsync(tenantId, ct))
                {
                    await invoker.OnDeadLetteredAsync(body, new MessageContext(envelopeId, tenantId, attempt, session), error, ct);
                    await DeadLetterRecords.WriteAsync(session, envelopeId, _options.UploadsQueue, message, error, attempt, ct);
                    await session.SaveChangesAsync(ct);
                }
                await DeadLetterAsync(queueUrl, message, error, ct);
                break;
        }
    }

    private async Task DeadLetterAsync(string queueUrl, Message message, Exception error, CancellationToken ct)
    {
        var attributes = new Dictionary<string, string>(message.StringAttributes())
        {
            [Envelope.ErrorTypeAttribute] = error.GetType().FullName ?? error.GetType().Name,
            [Envelope.ErrorAttribute] = Truncate(error.Message, 1000),
        };
        var dlq = await queues.UrlOfAsync(_options.DeadLetterQueueName, ct);
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = dlq, MessageBody = message.Body, MessageAttributes = SqsCalls.ToMessageAttributes(attributes) }, ct);
        await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, ct);
    }

    private static async Task<bool> MarkReceivedAsync(TenantSession session, Guid envelopeId, string messageType, CancellationToken ct)
    {
        await using var cmd = session.CreateCommand("""
            insert into wolverine_incoming_envelopes (id, handler, tenant_id, message_type)
            values (@id, @handler, @tenant, @type) on conflict do nothing
            """);
        cmd.Parameters.AddWithValue("id", envelopeId);
        cmd.Parameters.AddWithValue("handler", messageType);
        cmd.Parameters.AddWithValue("tenant", session.TenantId);
        cmd.Parameters.AddWithValue("type", messageType);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
