using Npgsql;

namespace BuildPeer.EventStore;

/// <summary>
/// Opens sessions against PostgreSQL. Each session is one connection and one transaction, scoped to a
/// tenant: the tenant id is set for the transaction so row-level security filters every statement.
/// </summary>
public sealed class DocumentStore(NpgsqlDataSource dataSource, StoreOptions options)
{
    public StoreOptions Options => options;
    public NpgsqlDataSource DataSource => dataSource;

    public async Task<DocumentSession> LightweightSessionAsync(Guid tenantId, CancellationToken ct = default)
    {
        if (tenantId == Guid.Empty) throw new ArgumentException("A session needs a tenant.", nameof(tenantId));
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            await using var set = new NpgsqlCommand("select set_config('app.tenant_id', @tenant, true)", connection, transaction);
            set.Parameters.AddWithValue("tenant", tenantId.ToString());
            await set.ExecuteNonQueryAsync(ct);
            return new DocumentSession(connection, transaction, tenantId, options);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
