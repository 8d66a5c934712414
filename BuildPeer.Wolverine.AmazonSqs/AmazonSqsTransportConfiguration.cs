using Amazon.Runtime;
using Amazon.SQS;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>What UseAmazonSqsTransport returns, with WolverineFx.AmazonSqs's names.</summary>
public sealed class AmazonSqsTransportConfiguration(AmazonSqsTransport transport)
{
    public AmazonSqsTransport Transport { get; } = transport;

    /// <summary>Create missing queues (and their dead-letter queues) at start-up: local emulators, tests.</summary>
    public AmazonSqsTransportConfiguration AutoProvision()
    {
        Transport.AutoProvision = true;
        return this;
    }

    public AmazonSqsTransportConfiguration AutoPurgeOnStartup()
    {
        Transport.AutoPurgeAllQueues = true;
        return this;
    }

    public AmazonSqsTransportConfiguration Credentials(AWSCredentials credentials)
    {
        Transport.Credentials = credentials;
        return this;
    }

    /// <summary>Use a client built elsewhere (e.g. the one registered in the container) instead of building one.</summary>
    public AmazonSqsTransportConfiguration UseClient(IAmazonSQS client)
    {
        Transport.Client = client;
        return this;
    }

    /// <summary>Applies to every queue this node listens to, before its own configuration.</summary>
    public AmazonSqsTransportConfiguration ConfigureListeners(Action<AmazonSqsQueue> configure)
    {
        Transport.ListenerDefaults.Add(configure);
        return this;
    }
}
