using Amazon.SQS;
using Wolverine;
using Wolverine.Configuration;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>WolverineFx.AmazonSqs's configuration surface: UseAmazonSqsTransport, ListenToSqsQueue, ToSqsQueue.</summary>
public static class AmazonSqsTransportExtensions
{
    public const string DefaultDeadLetterQueueName = "wolverine-dead-letter-queue";

    public static AmazonSqsTransportConfiguration UseAmazonSqsTransport(this WolverineOptions options, Action<AmazonSQSConfig>? configure = null)
    {
        var transport = options.Transports.GetOrCreate<AmazonSqsTransport>();
        configure?.Invoke(transport.Config);
        return new AmazonSqsTransportConfiguration(transport);
    }

    /// <summary>Listens to a queue; its dead-letter queue defaults to "wolverine-dead-letter-queue" (change or disable it on the result).</summary>
    public static AmazonSqsListenerConfiguration ListenToSqsQueue(this WolverineOptions options, string queueName, Action<AmazonSqsQueue>? configure = null)
    {
        var transport = options.Transports.GetOrCreate<AmazonSqsTransport>();
        var queue = transport.Queues[queueName];
        queue.IsListener = true;
        queue.DeadLetterQueueName ??= DefaultDeadLetterQueueName;
        foreach (var defaults in transport.ListenerDefaults) defaults(queue);
        configure?.Invoke(queue);
        return new AmazonSqsListenerConfiguration(queue);
    }

    public static AmazonSqsSubscriberConfiguration ToSqsQueue(this IPublishToExpression publishing, string queueName)
    {
        var options = ((PublishingExpression)publishing).Parent;
        var queue = options.Transports.GetOrCreate<AmazonSqsTransport>().Queues[queueName];
        publishing.To(queue.Uri);
        return new AmazonSqsSubscriberConfiguration(queue);
    }
}
