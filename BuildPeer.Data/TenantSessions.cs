using Marten;
using Npgsql;
using Wolverine.Runtime;

namespace BuildPeer.Data;

/// <summary>
/// Opens <see cref="TenantSession"/>s on the services' Marten store (the DML-only role; row-level security applies);
/// with Wolverine's runtime, sessions can publish through its outbox.
/// </summary>
public sealed class TenantSessions(IDocumentStore store, NpgsqlDataSource dataSource, IWolverineRuntime? messaging = null, MessagingReadiness? ready = null)
{
    public IDocumentStore Store => store;

    public Task<TenantSession> OpenAsync(Guid tenantId, CancellationToken ct = default) => TenantSession.OpenAsync(store, dataSource, messaging, ready, tenantId, ct);
}
