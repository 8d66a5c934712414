using Amazon.Runtime;
using Amazon.SQS;
using JasperFx.Core;
using Wolverine.Runtime;
using Wolverine.Transports;
using Wolverine.Transports.Sending;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>The SQS broker: one AWSSDK client and the queues Wolverine knows, as sqs://queue-name endpoints.</summary>
public sealed class AmazonSqsTransport : BrokerTransport<AmazonSqsQueue>, ITransport, IAsyncDisposable
{
    public const string ProtocolName = "sqs";

    public AmazonSqsTransport() : base(ProtocolName, "Amazon SQS", ["aws", "sqs"])
    {
        Queues = new LightweightCache<string, AmazonSqsQueue>(name => new AmazonSqsQueue(name, this));
        DefaultTenantedIdBehavior = TenantedIdBehavior;
    }

    public LightweightCache<string, AmazonSqsQueue> Queues { get; }
    public AmazonSQSConfig Config { get; } = new();
    public AWSCredentials? Credentials { get; set; }

    /// <summary>A client built elsewhere (tests, a shared registration); otherwise one is built from <see cref="Config"/>.</summary>
    public IAmazonSQS? Client { get; internal set; }

    internal TenantedIdBehavior DefaultTenantedIdBehavior { get; }

    internal List<Action<AmazonSqsQueue>> ListenerDefaults { get; } = [];

    public override Uri ResourceUri => new(Config.ServiceURL.IsNotEmpty() ? Config.ServiceURL : "sqs://amazon");

    // Checked before Wolverine's connect-with-retries, so a refused configuration stops start-up at once.
    ValueTask ITransport.InitializeAsync(IWolverineRuntime runtime)
    {
        StartupRefusals.ThrowIfUnsupported(this);
        return InitializeAsync(runtime);
    }

    public override ValueTask ConnectAsync(IWolverineRuntime runtime)
    {
        Client ??= Credentials is null ? new AmazonSQSClient(Config) : new AmazonSQSClient(Credentials, Config);
        return ValueTask.CompletedTask;
    }

    internal IAmazonSQS RequireClient() =>
        Client ?? throw new InvalidOperationException("The SQS transport is not connected yet (Wolverine connects it at start-up).");

    public override IEnumerable<PropertyColumn> DiagnosticColumns()
    {
        yield return new PropertyColumn("Queue", "name");
        yield return new PropertyColumn("Messages", "ApproximateNumberOfMessages");
        yield return new PropertyColumn("In flight", "ApproximateNumberOfMessagesNotVisible");
    }

    WolverineTransportHealthCheck ITransport.BuildHealthCheck(IWolverineRuntime runtime) => new AmazonSqsTransportHealth(this);

    protected override IEnumerable<AmazonSqsQueue> endpoints() => Queues;

    protected override AmazonSqsQueue findEndpointByUri(Uri uri)
    {
        if (uri.Scheme != Protocol) throw new ArgumentOutOfRangeException(nameof(uri), $"Not an {Protocol}:// address: {uri}");
        return Queues[uri.Host];
    }

    public ValueTask DisposeAsync()
    {
        Client?.Dispose();
        return ValueTask.CompletedTask;
    }
}
