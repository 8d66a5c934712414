using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.AppHost.Resources;

/// <summary>
/// clamd run by scripts/clamd.sh with a local signature database (freshclam cannot download here; production runs it).
/// Its connection string is the <c>tcp://host:port</c> Processing's ClamdClient reads.
/// </summary>
public sealed class LocalClamdResource(string name, string script, string workingDirectory)
    : ExecutableResource(name, script, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Tcp => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"tcp://{Tcp.Property(EndpointProperty.Host)}:{Tcp.Property(EndpointProperty.Port)}");
}

public static class LocalClamdBuilderExtensions
{
    /// <summary>Where Processing finds clamd in AWS: the sidecar in its own task.</summary>
    public const string SidecarConnectionString = "tcp://127.0.0.1:3310";

    public static IResourceBuilder<LocalClamdResource> AddLocalClamd(this IDistributedApplicationBuilder builder, string name, LocalRun local)
    {
        var resource = new LocalClamdResource(name, Path.Combine(builder.AppHostDirectory, "scripts", "clamd.sh"), local.RepositoryRoot);
        var healthCheck = $"{name}-answers";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new AnswersOverTcp(resource.Tcp, "zPING\0"u8.ToArray(), "PONG"), null, null));
        return builder.AddResource(resource)
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "CLAMD_PORT")
            .WithEnvironment("CLAMD_STATE_DIR", Path.Combine(local.StateDirectory, name))
            // Benchmarks turn clamd's cache of clean files off, so that scanning the same file twice costs what a new upload does.
            .WithEnvironment("CLAMD_DISABLE_CACHE", builder.Configuration.GetValue("BuildPeer:ClamdCache", true) ? "no" : "yes")
            .WithHealthCheck(healthCheck)
            .ExcludeFromManifest();
    }

    /// <summary><c>ConnectionStrings__clamd</c>: the local clamd (and wait for it), or in the manifest the sidecar's address.</summary>
    public static IResourceBuilder<ProjectResource> WithClamd(this IResourceBuilder<ProjectResource> project, IResourceBuilder<LocalClamdResource>? clamd) =>
        clamd is null
            ? project.WithEnvironment("ConnectionStrings__clamd", SidecarConnectionString)
            : project.WithReference(clamd).WaitFor(clamd);
}
