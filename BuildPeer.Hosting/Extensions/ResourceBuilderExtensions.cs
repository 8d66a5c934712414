namespace BuildPeer.Hosting;

/// <summary>Environment, references and start order, as in Aspire.Hosting's ResourceBuilderExtensions.</summary>
public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Action<EnvironmentCallbackContext> callback)
        where T : Resource, IResourceWithEnvironment
    {
        builder.Resource.EnvironmentCallbacks.Add(callback);
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : Resource, IResourceWithEnvironment =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = value);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : Resource, IResourceWithEnvironment =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = parameter.Resource);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, ReferenceExpression value)
        where T : Resource, IResourceWithEnvironment =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = value);

    /// <summary><c>ConnectionStrings__&lt;name&gt;</c> = the source's connection string.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source)
        where T : Resource, IResourceWithEnvironment
    {
        builder.Resource.References.Add(source.Resource);
        return builder.WithEnvironment(context => context.EnvironmentVariables[$"ConnectionStrings__{source.Resource.Name}"] = source.Resource);
    }

    /// <summary>Start only once <paramref name="dependency"/> is ready (healthy, for projects).</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency) where T : Resource
    {
        builder.Resource.WaitsFor.Add(dependency.Resource);
        return builder;
    }

    /// <summary>
    /// In run mode, when the AppHost's environment has <c>ConnectionStrings__&lt;name&gt;</c>, use that instead of starting
    /// the resource (and whatever only it needs, such as its server). Publishing is unaffected.
    /// </summary>
    public static IResourceBuilder<T> RunAsExisting<T>(this IResourceBuilder<T> builder) where T : ConnectionStringResource
    {
        var variable = $"ConnectionStrings__{builder.Resource.Name}";
        var execution = builder.ApplicationBuilder.ExecutionContext;
        if (execution.IsRunMode && execution.GetEnvironmentVariable(variable) is { } connectionString)
            builder.Resource.Existing = new ExistingResource(variable, connectionString);
        return builder;
    }

    public static IResourceBuilder<T> ExcludeFromManifest<T>(this IResourceBuilder<T> builder) where T : Resource
    {
        builder.Resource.ExcludedFromManifest = true;
        return builder;
    }
}
