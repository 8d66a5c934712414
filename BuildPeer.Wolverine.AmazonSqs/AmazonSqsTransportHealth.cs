using Wolverine.Transports;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>Wolverine's view of the transport's health: every known queue answers GetQueueAttributes.</summary>
internal sealed class AmazonSqsTransportHealth(AmazonSqsTransport transport) : WolverineTransportHealthCheck
{
    public override string TransportName => transport.Name;
    public override string Protocol => transport.Protocol;

    public override async Task<TransportHealthResult> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var (healthy, message, data) = await SqsQueueProbe.ProbeAsync(transport, cancellationToken);
        return new TransportHealthResult(TransportName, Protocol, healthy ? TransportHealthStatus.Healthy : TransportHealthStatus.Unhealthy,
            message, DateTimeOffset.UtcNow, data);
    }

    public override async Task<long?> GetBrokerQueueDepthAsync(Uri endpointUri, CancellationToken cancellationToken)
    {
        var queue = transport.Queues[endpointUri.Host];
        var attributes = await queue.GetAttributesAsync();
        return long.Parse(attributes["ApproximateNumberOfMessages"]);
    }
}
