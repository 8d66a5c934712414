using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.AppHost.Resources;

/// <summary>Debian's redis-server run by scripts/redis.sh; its connection string is StackExchange.Redis' <c>host:port</c>.</summary>
public sealed class LocalRedisResource(string name, string script, string workingDirectory)
    : ExecutableResource(name, script, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Tcp => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Tcp.Property(EndpointProperty.Host)}:{Tcp.Property(EndpointProperty.Port)}");
}

public static class LocalRedisBuilderExtensions
{
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, LocalRun local)
    {
        var resource = new LocalRedisResource(name, Path.Combine(builder.AppHostDirectory, "scripts", "redis.sh"), local.RepositoryRoot);
        var healthCheck = $"{name}-answers";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new AnswersOverTcp(resource.Tcp, "PING\r\n"u8.ToArray(), "+PONG"), null, null));
        return builder.AddResource(resource)
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "REDIS_PORT")
            .WithHealthCheck(healthCheck)
            .ExcludeFromManifest();
    }
}
