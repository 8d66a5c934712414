using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Runtime;
using Wolverine.Transports;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>
/// Long-polls one queue and hands envelopes to Wolverine's receiver (buffered, or the durable inbox). A message is
/// deleted once Wolverine completes it (handled, or stored in the inbox); while it is in flight its visibility is renewed.
/// Wolverine's circuit-breaker pings are acknowledged here and never reach handlers; a message that is not a Wolverine
/// envelope goes straight to the queue's dead-letter queue with the reason.
/// </summary>
internal sealed class AmazonSqsListener : IListener
{
    private readonly AmazonSqsQueue _queue;
    private readonly IReceiver _receiver;
    private readonly ILogger _logger;
    private readonly BackgroundReceiveLoop _loop;
    private readonly SqsDeleteBatcher _deletes;
    private readonly VisibilityRenewal _renewal;

    public AmazonSqsListener(IWolverineRuntime runtime, AmazonSqsQueue queue, IReceiver receiver)
    {
        _queue = queue;
        _receiver = receiver;
        _logger = runtime.LoggerFactory.CreateLogger<AmazonSqsListener>();
        _deletes = new SqsDeleteBatcher(queue, _logger);
        _renewal = new VisibilityRenewal(queue, _logger);
        _loop = new BackgroundReceiveLoop(queue.Uri, _logger, PollOnceAsync, runtime.Cancellation);
        _loop.Start();
    }

    public Uri Address => _queue.Uri;
    public IHandlerPipeline? Pipeline => _receiver.Pipeline;

    private async Task<bool> PollOnceAsync(CancellationToken token)
    {
        var response = await _queue.Client.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = await _queue.EnsureUrlAsync(token),
            MaxNumberOfMessages = _queue.MaxNumberOfMessages,
            WaitTimeSeconds = _queue.WaitTimeSeconds,
            VisibilityTimeout = _queue.VisibilityTimeout,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        }, token);
        if (response.Messages is not { Count: > 0 } messages) return false;
        _queue.CountReceived(messages.Count);

        var envelopes = new List<Envelope>(messages.Count);
        foreach (var message in messages)
        {
            if (SqsEnvelopeMapping.TryRead(message, out var error) is not { } envelope)
            {
                await MoveUnreadableAsync(message, error!);
                continue;
            }
            if (envelope.IsPing())
            {
                _deletes.Enqueue(message.ReceiptHandle);
                continue;
            }
            _renewal.Track(message);
            envelopes.Add(envelope);
        }

        if (envelopes.Count > 0) await _receiver.ReceivedAsync(this, envelopes.ToArray());
        return true;
    }

    private async Task MoveUnreadableAsync(Message message, Exception error)
    {
        _logger.LogError(error, "SQS message {MessageId} on {Queue} is not a Wolverine envelope", message.MessageId, _queue.QueueName);
        if (await _queue.DeadLetterQueueUrlAsync(CancellationToken.None) is not { } dlq) return; // SQS redelivers until its own redrive (if any)
        var attributes = new Dictionary<string, MessageAttributeValue>(message.MessageAttributes ?? [])
        {
            [SqsEnvelopeMapping.ErrorAttribute] = SqsEnvelopeMapping.Text($"{error.GetType().Name}: {Truncate(error.Message, 500)}"),
        };
        if (attributes.Count > 10) attributes.Remove(SqsEnvelopeMapping.ErrorAttribute); // SQS allows 10 attributes
        await _queue.Client.SendMessageAsync(new SendMessageRequest { QueueUrl = dlq, MessageBody = message.Body, MessageAttributes = attributes });
        _deletes.Enqueue(message.ReceiptHandle);
    }

    /// <summary>Handled, or persisted in the durable inbox: SQS may forget it.</summary>
    public ValueTask CompleteAsync(Envelope envelope)
    {
        if (envelope is SqsEnvelope e)
        {
            _renewal.Forget(e.SqsMessage);
            _deletes.Enqueue(e.SqsMessage.ReceiptHandle);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Give it back: visible again at once, so this or another node receives it again.</summary>
    public async ValueTask DeferAsync(Envelope envelope)
    {
        if (envelope is not SqsEnvelope e) return;
        _renewal.Forget(e.SqsMessage);
        await _queue.Client.ChangeMessageVisibilityAsync(await _queue.EnsureUrlAsync(CancellationToken.None), e.SqsMessage.ReceiptHandle, 0);
    }

    public async Task<bool> TryRequeueAsync(Envelope envelope)
    {
        await DeferAsync(envelope);
        return true;
    }

    public async ValueTask StopAsync()
    {
        await _loop.StopAsync(TimeSpan.FromSeconds(_queue.WaitTimeSeconds + 5));
    }

    public async ValueTask DisposeAsync()
    {
        await _loop.DisposeAsync();
        await _renewal.DisposeAsync();
        await _deletes.DisposeAsync();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
