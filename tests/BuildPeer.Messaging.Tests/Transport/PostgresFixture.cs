using BuildPeer.Hosting.Local;

namespace BuildPeer.Messaging.Tests.Transport;

/// <summary>A PostgreSQL server (127.0.0.1 only) for Wolverine's durable inbox and outbox in the transport tests.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    // Not CreateTempSubdirectory: its mode 700 keeps the postgres user (PostgreSQL refuses to run as root) out.
    private readonly string _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "buildpeer-transport-pg-" + Guid.NewGuid().ToString("N")[..8])).FullName;
    private PostgresServer? _server;

    public string ConnectionString => (_server ?? throw new InvalidOperationException("PostgreSQL has not started.")).ConnectionStringFor("transport");

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync(Path.Combine(_root, "postgres"), FreePort.Next(), "transport-" + Guid.NewGuid().ToString("N"));
        await _server.CreateDatabaseIfMissingAsync("transport");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}
