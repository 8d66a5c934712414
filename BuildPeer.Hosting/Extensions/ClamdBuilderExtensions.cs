namespace BuildPeer.Hosting;

public static class ClamdBuilderExtensions
{
    /// <summary>clamd with a local signature database, on <paramref name="localPort"/> when free. Run-only.</summary>
    public static IResourceBuilder<ClamdResource> AddClamd(this DistributedApplicationBuilder builder, string name, int localPort = 3310) =>
        builder.AddResource(new ClamdResource(name, localPort));

    /// <summary>
    /// <c>ConnectionStrings__&lt;name&gt;</c>: the local clamd when running; in the manifest the clamd that runs
    /// inside the service's own container (<see cref="ClamdResource.SidecarConnectionString"/>).
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<ClamdResource> clamd)
        where T : Resource, IResourceWithEnvironment
    {
        builder.Resource.References.Add(clamd.Resource);
        return builder.WithEnvironment(context => context.EnvironmentVariables[$"ConnectionStrings__{clamd.Resource.Name}"] =
            context.ExecutionContext.IsPublishMode ? ClamdResource.SidecarConnectionString : (object)clamd.Resource);
    }
}
