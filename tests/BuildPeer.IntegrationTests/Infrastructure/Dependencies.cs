using BuildPeer.Hosting.Local;

namespace BuildPeer.IntegrationTests.Infrastructure;

/// <summary>
/// Real PostgreSQL, fauxqs (S3+SQS) and clamd on loopback ports, started once for the test run and
/// stopped by PID at the end.
/// </summary>
public sealed class Dependencies : IAsyncLifetime
{
    public const string Database = "uploadsdb";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "buildpeer-it-" + Guid.NewGuid().ToString("N")[..8]);

    public PostgresServer Postgres { get; private set; } = null!;
    public FauxqsServer Fauxqs { get; private set; } = null!;
    public ClamdServer Clamd { get; private set; } = null!;

    public string OwnerConnectionString => Postgres.ConnectionStringFor(Database);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        var postgres = PostgresServer.StartAsync(Path.Combine(_root, "postgres"), FreePort.Next(), "it-" + Guid.NewGuid().ToString("N"));
        var fauxqs = FauxqsServer.StartAsync(_root, FreePort.Next());
        var clamd = ClamdServer.StartAsync(Path.Combine(_root, "clamd"), FreePort.Next());
        try
        {
            await Task.WhenAll(postgres, fauxqs, clamd);
        }
        finally
        {
            // Whatever did start is ours to stop, even when another dependency failed.
            Postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null!;
            Fauxqs = fauxqs.IsCompletedSuccessfully ? fauxqs.Result : null!;
            Clamd = clamd.IsCompletedSuccessfully ? clamd.Result : null!;
        }
    }

    public async Task DisposeAsync()
    {
        if (Clamd is not null) await Clamd.DisposeAsync();
        if (Fauxqs is not null) await Fauxqs.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (Exception) { /* leave it for inspection */ }
    }
}
