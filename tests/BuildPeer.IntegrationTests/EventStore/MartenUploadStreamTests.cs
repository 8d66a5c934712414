using BuildPeer.Data;
using BuildPeer.Data.Streams;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace BuildPeer.IntegrationTests.EventStore;

/// <summary>
/// Marten's upload streams as the services will use them (issue 14, stage C): the owner applied the schema at start-up;
/// the services' role, DML only, runs Marten with AutoCreate.None, and row-level security keeps tenants apart on
/// mt_events, mt_streams and the UploadStatus documents.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class MartenUploadStreamTests(BuildPeerSystem system) : IAsyncLifetime
{
    private DocumentStore _store = null!;
    private string AppConnectionString => new NpgsqlConnectionStringBuilder(system.Deps.OwnerConnectionString) { Username = "buildpeer_app" }.ConnectionString;

    public Task InitializeAsync()
    {
        _store = DocumentStore.For(o =>
        {
            o.Connection(AppConnectionString);
            o.AutoCreateSchemaObjects = AutoCreate.None;
            UploadStreamStore.Configure(o);
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task The_service_role_appends_through_FetchForWriting_and_the_inline_projection_follows()
    {
        var (tenant, id) = (Guid.NewGuid(), Guid.CreateVersion7());
        await StartAsync(tenant, id);

        await using (var session = _store.LightweightSession(UploadStreamStore.TenantIdOf(tenant)))
        {
            var stream = await session.Events.FetchForWriting<UploadStatus>(id);
            Assert.Equal(UploadState.Requested, stream.Aggregate!.Status);
            stream.AppendOne(new UploadReceived(id, 1234, "etag", "complete", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        await using var query = _store.QuerySession(UploadStreamStore.TenantIdOf(tenant));
        var status = await query.LoadAsync<UploadStatus>(id);
        Assert.Equal(UploadState.Received, status!.Status);
        Assert.Equal(2, status.Version);
        Assert.Equal(["upload_requested", "upload_received"], (await query.Events.FetchStreamAsync(id)).Select(e => e.EventTypeName));
    }

    [Fact]
    public async Task A_stale_writer_gets_Martens_expected_version_exception_and_writes_nothing()
    {
        var (tenant, id) = (Guid.NewGuid(), Guid.CreateVersion7());
        await StartAsync(tenant, id);
        await using var first = _store.LightweightSession(UploadStreamStore.TenantIdOf(tenant));
        await using var second = _store.LightweightSession(UploadStreamStore.TenantIdOf(tenant));
        var a = await first.Events.FetchForWriting<UploadStatus>(id);
        var b = await second.Events.FetchForWriting<UploadStatus>(id);
        a.AppendOne(new UploadExpired(id, DateTimeOffset.UtcNow));
        b.AppendOne(new UploadDeleted(id, Guid.NewGuid(), DateTimeOffset.UtcNow));

        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<EventStreamUnexpectedMaxEventIdException>(() => second.SaveChangesAsync());

        await using var query = _store.QuerySession(UploadStreamStore.TenantIdOf(tenant));
        Assert.Equal(UploadState.Expired, (await query.LoadAsync<UploadStatus>(id))!.Status);
        Assert.Equal(2, (await query.Events.FetchStreamAsync(id)).Count);
    }

    [Fact]
    public async Task Another_tenant_and_a_connection_with_no_tenant_see_none_of_the_stream()
    {
        var (tenant, id) = (Guid.NewGuid(), Guid.CreateVersion7());
        await StartAsync(tenant, id);

        await using (var other = _store.QuerySession(UploadStreamStore.TenantIdOf(Guid.NewGuid())))
        {
            Assert.Null(await other.LoadAsync<UploadStatus>(id));
            Assert.Empty(await other.Events.FetchStreamAsync(id));
        }

        // Below Marten's own tenant filter: the database's policies alone.
        foreach (var table in new[] { "mt_events", "mt_streams" })
        {
            Assert.Equal(0L, await CountAsync(table, id, tenant: null));
            Assert.Equal(0L, await CountAsync(table, id, tenant: Guid.NewGuid()));
            Assert.True(await CountAsync(table, id, tenant) > 0, $"{table}: the owning tenant sees its rows");
        }
        Assert.Equal(0L, await CountAsync("mt_doc_uploadstatus", id, tenant: Guid.NewGuid()));
        Assert.Equal(1L, await CountAsync("mt_doc_uploadstatus", id, tenant));
    }

    [Theory]
    [InlineData("alter table {0}.mt_events add column sneaky int")]
    [InlineData("update {0}.mt_events set type = 'x'")]
    [InlineData("delete from {0}.mt_events")]
    public async Task The_service_role_can_neither_change_the_schema_nor_rewrite_events(string statement)
    {
        await using var conn = new NpgsqlConnection(AppConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(string.Format(statement, UploadStreamStore.Schema), conn);
        var error = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    private async Task StartAsync(Guid tenant, Guid id)
    {
        await using var session = _store.LightweightSession(UploadStreamStore.TenantIdOf(tenant));
        session.Events.StartStream<UploadStatus>(id, new UploadRequested(id, tenant, Guid.NewGuid(), Guid.NewGuid(), "fachada.jpg", "image/jpeg", 1234,
            null, $"incoming/tenant-{tenant}/project-x/uploads/{id}/original", false, null, 0, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }

    private async Task<long> CountAsync(string table, Guid id, Guid? tenant)
    {
        await using var conn = new NpgsqlConnection(AppConnectionString + ";Pooling=false");
        await conn.OpenAsync();
        if (tenant is { } t)
        {
            await using var set = new NpgsqlCommand($"select set_config('{UploadStreamStore.TenantSetting}', @t, false)", conn);
            set.Parameters.AddWithValue("t", UploadStreamStore.TenantIdOf(t));
            await set.ExecuteNonQueryAsync();
        }
        var column = table == "mt_events" ? "stream_id" : "id";
        await using var cmd = new NpgsqlCommand($"select count(*) from {UploadStreamStore.Schema}.{table} where {column} = @id", conn);
        cmd.Parameters.AddWithValue("id", id);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
