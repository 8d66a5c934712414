using BuildPeer.TestSupport;
using Npgsql;

namespace BuildPeer.Bench.Stack;

/// <summary>A dependency's process (for CPU and memory meters) and its address.</summary>
/// <param name="ConnectionString">The emulator's URL or clamd's <c>tcp://host:port</c>.</param>
public sealed record DependencyProcess(int Pid, int Port, string ConnectionString)
{
    public string ServiceUrl => ConnectionString;
}

/// <summary>The AppHost's PostgreSQL as the benchmarks use it: its process tree, port, owner password and databases.</summary>
public sealed class BenchPostgres(AppHostDependencies deps)
{
    private readonly NpgsqlConnectionStringBuilder _owner = new(deps.PostgresConnectionString);

    /// <summary>The PID of the AppHost's postgres.sh; the postmaster and its backends are below it (meters watch the tree).</summary>
    public int Pid => deps.PidOf(AppHostDependencies.Postgres);
    public int Port => _owner.Port;
    public string Password => _owner.Password ?? "";

    public string ConnectionStringFor(string database) => deps.ConnectionStringFor(database);

    public Task CreateDatabaseIfMissingAsync(string database, CancellationToken ct) => deps.CreateDatabaseIfMissingAsync(database, ct);
}
