namespace BuildPeer.Hosting;

public static class PostgresBuilderExtensions
{
    /// <summary>
    /// PostgreSQL 15. <c>run</c>: a local server with its data under the state folder, on <paramref name="localPort"/>
    /// when free. Manifest: the postgres container, with the environment Aspire writes for it.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? password = null, int localPort = 55432)
    {
        password ??= builder.AddParameter($"{name}-password", secret: true);
        var server = new PostgresServerResource(name, password.Resource, localPort);
        server.EnvironmentCallbacks.Add(context =>
        {
            context.EnvironmentVariables["POSTGRES_HOST_AUTH_METHOD"] = "scram-sha-256";
            context.EnvironmentVariables["POSTGRES_INITDB_ARGS"] = "--auth-host=scram-sha-256 --auth-local=scram-sha-256";
            context.EnvironmentVariables["POSTGRES_USER"] = PostgresServerResource.UserName;
            context.EnvironmentVariables["POSTGRES_PASSWORD"] = server.Password;
        });
        return builder.AddResource(server);
    }

    /// <summary>A database on the server. The services create it (and their schema) on start-up, so nothing is created here.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null) =>
        server.ApplicationBuilder.AddResource(new PostgresDatabaseResource(name, databaseName ?? name, server.Resource));
}
