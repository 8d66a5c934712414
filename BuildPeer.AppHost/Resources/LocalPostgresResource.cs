using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace BuildPeer.AppHost.Resources;

/// <summary>
/// PostgreSQL 15 run from Debian's binaries by scripts/postgres.sh, its data kept in the state folder between runs.
/// The connection string names the owner and the application's database (the API creates that database and its schema).
/// </summary>
public sealed class LocalPostgresResource(string name, string script, string workingDirectory, ParameterResource password, string database)
    : ExecutableResource(name, script, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Tcp => new(this, "tcp");
    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Tcp.Property(EndpointProperty.Host)};Port={Tcp.Property(EndpointProperty.Port)};Username=postgres;Password={Password};Database={database}");
}

public static class LocalPostgresBuilderExtensions
{
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, LocalRun local,
        string database)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var resource = new LocalPostgresResource(name, Path.Combine(builder.AppHostDirectory, "scripts", "postgres.sh"), local.RepositoryRoot,
            password, database);
        var healthCheck = $"{name}-answers";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new AnswersQuery(resource), null, null));
        return builder.AddResource(resource)
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "PGPORT")
            .WithEnvironment("PGDATA_DIR", Path.Combine(local.StateDirectory, name))
            .WithEnvironment("PGPASSWORD", password)
            .WithHealthCheck(healthCheck)
            .ExcludeFromManifest();
    }

    /// <summary>Healthy once the server runs a query (DCP's proxy accepts connections before the server is up).</summary>
    private sealed class AnswersQuery(LocalPostgresResource postgres) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                var cs = new NpgsqlConnectionStringBuilder(await postgres.ConnectionStringExpression.GetValueAsync(ct))
                {
                    Database = "postgres", Timeout = 3, Pooling = false,
                };
                await using var connection = new NpgsqlConnection(cs.ConnectionString);
                await connection.OpenAsync(ct);
                await using var query = new NpgsqlCommand("select 1", connection);
                await query.ExecuteScalarAsync(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        }
    }
}
