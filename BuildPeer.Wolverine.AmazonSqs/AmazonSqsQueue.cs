using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Wolverine.Configuration;
using Wolverine.Runtime;
using Wolverine.Transports;
using Wolverine.Transports.Sending;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>One SQS queue as a Wolverine endpoint: listened to, sent to, and created with its dead-letter queue.</summary>
public sealed class AmazonSqsQueue : Endpoint, IBrokerQueue
{
    private readonly AmazonSqsTransport _parent;

    internal AmazonSqsQueue(string queueName, AmazonSqsTransport parent)
        : base(new Uri($"{AmazonSqsTransport.ProtocolName}://{queueName}"), EndpointRole.Application)
    {
        _parent = parent;
        QueueName = queueName;
        EndpointName = queueName;
        BrokerRole = "queue";
    }

    public string QueueName { get; }
    public string? QueueUrl { get; private set; }

    /// <summary>Seconds a received message stays hidden; renewed while a handler still runs.</summary>
    public int VisibilityTimeout { get; set; } = 120;

    /// <summary>Long polling: how long one ReceiveMessage waits for the first message (0–20).</summary>
    public int WaitTimeSeconds { get; set; } = 5;

    public int MaxNumberOfMessages { get; set; } = 10;

    /// <summary>How long the listener keeps extending a message's visibility for a handler that is still running.</summary>
    public TimeSpan MaximumVisibilityExtension { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Where SQS moves a message received <see cref="MaxReceiveCount"/> times without being deleted (its RedrivePolicy),
    /// and where the listener moves a message it cannot read at all. Null: no dead-letter queue.
    /// </summary>
    public string? DeadLetterQueueName { get; set; }

    public int MaxReceiveCount { get; set; } = 5;

    /// <summary>Extra CreateQueue attributes (MessageRetentionPeriod, ...); VisibilityTimeout and RedrivePolicy are set from the properties.</summary>
    public Dictionary<string, string> Attributes { get; } = new();

    /// <summary>SQS messages this node received from the queue, redeliveries included.</summary>
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    private long _messagesReceived;

    internal void CountReceived(int count) => Interlocked.Add(ref _messagesReceived, count);

    internal IAmazonSQS Client => _parent.RequireClient();

    public override async ValueTask InitializeAsync(ILogger logger)
    {
        if (QueueUrl is not null) return;
        if (_parent.AutoProvision) await SetupAsync(logger);
        await EnsureUrlAsync(CancellationToken.None);
        if (_parent.AutoPurgeAllQueues && IsListener) await PurgeAsync(logger);
    }

    public override async ValueTask<IListener> BuildListenerAsync(IWolverineRuntime runtime, IReceiver receiver)
    {
        await InitializeAsync(runtime.LoggerFactory.CreateLogger<AmazonSqsQueue>());
        return new AmazonSqsListener(runtime, this, receiver);
    }

    protected override ISender CreateSender(IWolverineRuntime runtime)
    {
        if (Mode == EndpointMode.Inline) return new InlineSqsSender(this);
        // Buffered and Durable: BatchedSender drives the protocol and learns through ISenderCallback what SQS accepted,
        // which is how the durable outbox knows when it may delete its rows.
        return new BatchedSender(this, new SqsSenderProtocol(this), runtime.Cancellation, runtime.LoggerFactory.CreateLogger<SqsSenderProtocol>());
    }

    internal async Task<string> EnsureUrlAsync(CancellationToken ct) =>
        QueueUrl ??= (await Client.GetQueueUrlAsync(QueueName, ct)).QueueUrl;

    internal async Task<string?> DeadLetterQueueUrlAsync(CancellationToken ct) =>
        DeadLetterQueueName is null ? null : _parent.Queues[DeadLetterQueueName].QueueUrl ?? await _parent.Queues[DeadLetterQueueName].EnsureUrlAsync(ct);

    public async ValueTask<bool> CheckAsync()
    {
        try
        {
            await EnsureUrlAsync(CancellationToken.None);
            return true;
        }
        catch (Amazon.SQS.Model.QueueDoesNotExistException)
        {
            return false;
        }
    }

    /// <summary>Creates the dead-letter queue first, then this queue with a RedrivePolicy pointing at it. Idempotent.</summary>
    public async ValueTask SetupAsync(ILogger logger)
    {
        var attributes = new Dictionary<string, string>(Attributes) { ["VisibilityTimeout"] = VisibilityTimeout.ToString() };
        if (DeadLetterQueueName is not null)
        {
            var dlq = _parent.Queues[DeadLetterQueueName];
            await dlq.SetupAsync(logger);
            var arn = (await Client.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = dlq.QueueUrl, AttributeNames = ["QueueArn"] })).QueueARN;
            attributes["RedrivePolicy"] = JsonSerializer.Serialize(new { deadLetterTargetArn = arn, maxReceiveCount = MaxReceiveCount.ToString() });
        }
        QueueUrl = (await Client.CreateQueueAsync(new CreateQueueRequest { QueueName = QueueName, Attributes = attributes })).QueueUrl;
        logger.LogDebug("SQS queue {Queue} ready at {Url}", QueueName, QueueUrl);
    }

    public async ValueTask TeardownAsync(ILogger logger)
    {
        await Client.DeleteQueueAsync(await EnsureUrlAsync(CancellationToken.None));
        QueueUrl = null;
    }

    public async ValueTask PurgeAsync(ILogger logger) =>
        await Client.PurgeQueueAsync(await EnsureUrlAsync(CancellationToken.None));

    public async ValueTask<Dictionary<string, string>> GetAttributesAsync()
    {
        var response = await Client.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = await EnsureUrlAsync(CancellationToken.None),
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });
        return new Dictionary<string, string>
        {
            ["name"] = QueueName,
            ["ApproximateNumberOfMessages"] = response.ApproximateNumberOfMessages.ToString(),
            ["ApproximateNumberOfMessagesNotVisible"] = response.ApproximateNumberOfMessagesNotVisible.ToString(),
        };
    }
}
