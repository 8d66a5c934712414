using BuildPeer.Hosting.Local;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>PostgreSQL with its data in <c>&lt;state&gt;/postgres</c>, kept between runs.</summary>
public static class PostgresLauncher
{
    public static async Task<RunningResource> StartAsync(PostgresServerResource postgres, LaunchContext context, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(context.StateDirectory, postgres.Name);
        var initialized = File.Exists(Path.Combine(dataDirectory, "pgdata", "PG_VERSION"));
        if (initialized && postgres.Password.WasGenerated)
            throw new InvalidOperationException(
                $"{dataDirectory} was initialized with a password that is no longer in the secrets file, so nothing could log in. " +
                $"Delete {dataDirectory} to start with an empty database, or set Parameters__{postgres.Password.Name.Replace('-', '_')} to the old password.");

        var server = await PostgresServer.StartAsync(dataDirectory, postgres.PrimaryEndpoint.Port, postgres.Password.GetValue(), ct,
            context.ProcessOptions(postgres));
        return new RunningResource(postgres, server.Process, postgres.PrimaryEndpoint.Url, server);
    }
}
