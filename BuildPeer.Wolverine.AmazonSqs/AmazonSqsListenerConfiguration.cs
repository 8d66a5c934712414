using Wolverine.Configuration;

namespace BuildPeer.Wolverine.AmazonSqs;

public sealed class AmazonSqsListenerConfiguration(AmazonSqsQueue queue)
    : ListenerConfiguration<AmazonSqsListenerConfiguration, AmazonSqsQueue>(queue)
{
    /// <summary>The queue SQS redrives to after <paramref name="maxReceiveCount"/> receives, and where unreadable messages go.</summary>
    public AmazonSqsListenerConfiguration ConfigureDeadLetterQueue(string deadLetterQueueName, int maxReceiveCount = 5)
    {
        add(q =>
        {
            q.DeadLetterQueueName = deadLetterQueueName;
            q.MaxReceiveCount = maxReceiveCount;
        });
        return this;
    }

    public AmazonSqsListenerConfiguration DisableDeadLetterQueueing()
    {
        add(q => q.DeadLetterQueueName = null);
        return this;
    }

    public AmazonSqsListenerConfiguration MaximumMessagesToReceive(int count)
    {
        add(q => q.MaxNumberOfMessages = count);
        return this;
    }
}

public sealed class AmazonSqsSubscriberConfiguration(AmazonSqsQueue queue)
    : SubscriberConfiguration<AmazonSqsSubscriberConfiguration, AmazonSqsQueue>(queue);
