namespace BuildPeer.Hosting;

public static class EndpointBuilderExtensions
{
    /// <param name="localPort">The port <c>run</c> uses when it is free (not written to the manifest).</param>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? localPort = null, int? targetPort = null, string name = "http")
        where T : Resource, IResourceWithEndpoints =>
        builder.WithEndpoint(new Endpoint(builder.Resource, name, "http", "http") { LocalPort = localPort, TargetPort = targetPort });

    /// <summary>An https binding for the deployment; <c>run</c> serves http only.</summary>
    public static IResourceBuilder<T> WithHttpsEndpoint<T>(this IResourceBuilder<T> builder, int? targetPort = null, string name = "https")
        where T : Resource, IResourceWithEndpoints =>
        builder.WithEndpoint(new Endpoint(builder.Resource, name, "https", "http") { TargetPort = targetPort });

    /// <summary>Marks the http and https endpoints as reachable from outside (a public load balancer in AWS).</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder) where T : Resource, IResourceWithEndpoints
    {
        foreach (var endpoint in builder.Resource.Endpoints.Where(e => e.UriScheme is "http" or "https")) endpoint.IsExternal = true;
        return builder;
    }

    private static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, Endpoint endpoint) where T : Resource
    {
        if (builder.Resource.Endpoints.Any(e => e.Name == endpoint.Name))
            throw new InvalidOperationException($"{builder.Resource.Name} already has an endpoint named '{endpoint.Name}'.");
        builder.Resource.Endpoints.Add(endpoint);
        return builder;
    }
}
