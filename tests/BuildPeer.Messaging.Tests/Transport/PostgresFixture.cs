using BuildPeer.TestSupport;

namespace BuildPeer.Messaging.Tests.Transport;

/// <summary>PostgreSQL (127.0.0.1 only, from the AppHost's dependencies-only mode) for Wolverine's durable inbox and outbox in the transport tests.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _state = new("transport-deps");
    private AppHostDependencies? _deps;

    public string ConnectionString => (_deps ?? throw new InvalidOperationException("PostgreSQL has not started.")).ConnectionStringFor("transport");

    public async Task InitializeAsync()
    {
        _deps = await AppHostDependencies.StartAsync(_state.Path);
        await _deps.CreateDatabaseIfMissingAsync("transport");
    }

    public async Task DisposeAsync()
    {
        if (_deps is not null) await _deps.DisposeAsync();
        _state.Dispose();
    }
}
