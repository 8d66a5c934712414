using BuildPeer.Hosting.Local;

namespace BuildPeer.Hosting;

public static class ProjectResourceBuilderExtensions
{
    /// <param name="projectPath">The .csproj, relative to the repository root.</param>
    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string projectPath)
    {
        var fullPath = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, projectPath));
        if (!File.Exists(fullPath)) throw new FileNotFoundException($"Project of '{name}' not found.", fullPath);
        var project = new ProjectResource(name, fullPath);
        project.EnvironmentCallbacks.Add(context => AddDefaultEnvironment(project, context));
        return builder.AddResource(project);
    }

    /// <summary>Leaves out ASPNETCORE_FORWARDEDHEADERS_ENABLED, for a service no proxy forwards requests to.</summary>
    public static IResourceBuilder<ProjectResource> DisableForwardedHeaders(this IResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.ForwardedHeadersDisabled = true;
        return builder;
    }

    // What Aspire gives every project: OTLP exporter settings, forwarded headers, and the ports Kestrel listens on.
    private static void AddDefaultEnvironment(ProjectResource project, EnvironmentCallbackContext context)
    {
        var env = context.EnvironmentVariables;
        env["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true";
        env["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true";
        env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        var httpEndpoints = project.Endpoints.Where(e => e.UriScheme == "http").ToList();

        if (context.ExecutionContext.IsPublishMode)
        {
            if (project.Endpoints.Count > 0 && !project.ForwardedHeadersDisabled) env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
            if (httpEndpoints.Count > 0)
                env["HTTP_PORTS"] = ReferenceExpression.Join(";", httpEndpoints.Select(e => e.Property(EndpointProperty.TargetPort)));
            return;
        }

        if (httpEndpoints.Count > 0)
            env["ASPNETCORE_URLS"] = ReferenceExpression.Join(";", httpEndpoints.Select(e => e.Property(EndpointProperty.Url)));
        env["ASPNETCORE_ENVIRONMENT"] = "Development";
        env["OTEL_SERVICE_NAME"] = project.Name;
        if (context.ExecutionContext.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { } otlp) env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
    }
}
