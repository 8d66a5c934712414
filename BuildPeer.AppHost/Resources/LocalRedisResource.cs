using System.Net.Sockets;
using System.Text;
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
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new AnswersPing(resource), null, null));
        return builder.AddResource(resource)
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "REDIS_PORT")
            .WithHealthCheck(healthCheck)
            .ExcludeFromManifest();
    }

    /// <summary>Healthy once Redis itself answers PING (DCP's proxy accepts connections before it is up).</summary>
    private sealed class AnswersPing(LocalRedisResource redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(redis.Tcp.Host, redis.Tcp.Port, ct);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), ct);
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer, ct);
                var answer = Encoding.ASCII.GetString(buffer, 0, read);
                return answer.StartsWith("+PONG", StringComparison.Ordinal)
                    ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"PING answered '{answer.TrimEnd()}'");
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        }
    }
}
