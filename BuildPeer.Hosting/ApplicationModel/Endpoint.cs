namespace BuildPeer.Hosting;

public enum EndpointProperty { Host, Port, TargetPort, Url }

/// <summary>
/// A network endpoint of a resource: its manifest binding (scheme, transport, target port, external) and, in run
/// mode, the loopback port it was given. <see cref="LocalPort"/> is the port <c>run</c> prefers, like a launch
/// profile's port in Aspire: it is not written to the manifest.
/// </summary>
public sealed class Endpoint(IResource resource, string name, string scheme, string transport)
{
    public const string LoopbackHost = "127.0.0.1";

    public IResource Resource { get; } = resource;
    public string Name { get; } = name;
    public string UriScheme { get; } = scheme;
    public string Transport { get; } = transport;
    public string Protocol => "tcp";
    public int? TargetPort { get; init; }
    public int? LocalPort { get; init; }
    public bool IsExternal { get; set; }

    /// <summary>Served by <c>run</c>; https endpoints are for the deployment only (no development certificate here).</summary>
    public bool IsServedLocally => UriScheme != "https";

    /// <summary>The loopback port in run mode, set by the orchestrator before anything starts.</summary>
    public int? AllocatedPort { get; set; }

    public string Url => $"{UriScheme}://{LoopbackHost}:{Port}";

    public EndpointReferenceExpression Property(EndpointProperty property) => new(this, property);

    internal int Port => AllocatedPort ?? throw new InvalidOperationException(
        $"{Resource.Name}'s '{Name}' endpoint has no port: it is not started in this run.");
}

/// <summary>One property of an endpoint: <c>{api.bindings.http.targetPort}</c> in the manifest, the allocated value when running.</summary>
public sealed class EndpointReferenceExpression(Endpoint endpoint, EndpointProperty property) : IValueProvider, IManifestExpressionProvider
{
    public string ValueExpression => $"{{{endpoint.Resource.Name}.bindings.{endpoint.Name}.{ManifestName}}}";

    // Locally nothing sits between a process and its port, so the target port is the port.
    public string GetValue() => property switch
    {
        EndpointProperty.Host => Endpoint.LoopbackHost,
        EndpointProperty.Port or EndpointProperty.TargetPort => endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        EndpointProperty.Url => endpoint.Url,
        _ => throw new ArgumentOutOfRangeException(nameof(property)),
    };

    private string ManifestName => property switch
    {
        EndpointProperty.Host => "host",
        EndpointProperty.Port => "port",
        EndpointProperty.TargetPort => "targetPort",
        EndpointProperty.Url => "url",
        _ => throw new ArgumentOutOfRangeException(nameof(property)),
    };
}
