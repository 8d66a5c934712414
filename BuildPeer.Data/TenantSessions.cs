using Marten;
using Npgsql;

namespace BuildPeer.Data;

/// <summary>Opens <see cref="TenantSession"/>s on the services' Marten store (the DML-only role; row-level security applies).</summary>
public sealed class TenantSessions(IDocumentStore store, NpgsqlDataSource dataSource)
{
    public IDocumentStore Store => store;

    public Task<TenantSession> OpenAsync(Guid tenantId, CancellationToken ct = default) => TenantSession.OpenAsync(store, dataSource, tenantId, ct);
}
