using BuildPeer.Data;
using BuildPeer.Data.Streams;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using Marten;
using Npgsql;

namespace BuildPeer.IntegrationTests.EventStore;

/// <summary>
/// A database the hand-made event store wrote (migrations 001–008, events in public.mt_events, status in the
/// upload_status table) moves to Marten at the next start with nothing lost: the same events with their sequences,
/// the same status, and the stream keeps going under Marten.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class MigrationToMartenTests(BuildPeerSystem system)
{
    [Fact]
    public async Task Streams_written_before_Marten_are_copied_once_and_keep_working()
    {
        var database = $"migrate_{Guid.NewGuid():N}";
        var owner = new NpgsqlConnectionStringBuilder(system.Deps.OwnerConnectionString) { Database = database, Pooling = false }.ConnectionString;
        var settings = new DatabaseSettings(owner, "buildpeer_app", new NpgsqlConnectionStringBuilder(system.Deps.OwnerConnectionString).Password ?? "");
        await using (var admin = new NpgsqlConnection(system.Deps.OwnerConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var (tenant, project, upload) = (Guid.NewGuid(), Guid.NewGuid(), Guid.CreateVersion7());
        await using (var conn = new NpgsqlConnection(owner))
        {
            await conn.OpenAsync();
            await ExecAsync(conn, "create table schema_migrations (version text primary key, applied_at timestamptz not null default now())");
            foreach (var (version, sql) in DatabaseMigrator.Scripts().Where(s => string.CompareOrdinal(s.Version, "009") < 0))
            {
                await ExecAsync(conn, sql);
                await ExecAsync(conn, $"insert into schema_migrations (version) values ('{version}')");
            }
            await ExecAsync(conn, $"""
                insert into tenants (tenant_id, name, slug) values ('{tenant}', 'Antes de Marten', 'antes-{tenant:N}');
                insert into mt_streams (tenant_id, id, type, version) values ('{tenant}', '{upload}', 'upload', 2);
                insert into mt_events (seq_id, id, stream_id, version, data, type, tenant_id, mt_dotnet_type) values
                  (41, gen_random_uuid(), '{upload}', 1, '{RequestedJson(tenant, project, upload)}', 'upload_requested', '{tenant}', 'BuildPeer.Uploads.Events.UploadRequested'),
                  (42, gen_random_uuid(), '{upload}', 2, '{ReceivedJson(upload)}', 'upload_received', '{tenant}', 'BuildPeer.Uploads.Events.UploadReceived');
                insert into upload_status (id, tenant_id, project_id, uploader_id, file_name, content_type, size, status, version, last_sequence, created_at, updated_at, data)
                  values ('{upload}', '{tenant}', '{project}', '{Guid.Empty}', 'fachada.jpg', 'image/jpeg', 1234, 'Received', 2, 42, now(), now(),
                          '{StatusJson(tenant, project, upload)}');
                """);
        }

        await DatabaseMigrator.MigrateAsync(settings);
        await DatabaseMigrator.MigrateAsync(settings); // a second start changes nothing

        await using var store = DocumentStore.For(o =>
        {
            o.Connection(settings.AppConnectionString);
            o.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
            UploadStreamStore.Configure(o);
        });
        await using var dataSource = NpgsqlDataSource.Create(settings.AppConnectionString);
        var sessions = new TenantSessions(store, dataSource);
        await using (var session = await sessions.OpenAsync(tenant))
        {
            var status = await UploadStatusQueries.GetAsync(session, upload, default);
            Assert.Equal(UploadState.Received, status!.Status);
            Assert.Equal(2, status.Version);
            Assert.Equal(42, status.LastSequence);
            Assert.Equal([41L, 42], (await session.Events.FetchStreamAsync(upload)).Select(e => e.Sequence));
            session.AppendAt(upload, status.Version, new UploadFailed(upload, "scan", "after the move", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await using (var session = await sessions.OpenAsync(tenant))
        {
            var status = await UploadStatusQueries.GetAsync(session, upload, default);
            Assert.Equal(UploadState.Failed, status!.Status);
            Assert.Equal(3, status.Version);
            Assert.True(status.LastSequence > 42, "new events continue the copied sequence");
        }
        await using var check = new NpgsqlConnection(owner);
        await check.OpenAsync();
        await using var tables = new NpgsqlCommand("select count(*) from pg_tables where schemaname = 'public' and tablename in ('mt_events', 'mt_streams', 'upload_status')", check);
        Assert.Equal(0L, await tables.ExecuteScalarAsync());
    }

    private static string RequestedJson(Guid tenant, Guid project, Guid upload) =>
        $$"""{"uploadId":"{{upload}}","tenantId":"{{tenant}}","projectId":"{{project}}","uploaderId":"{{Guid.Empty}}","fileName":"fachada.jpg","contentType":"image/jpeg","size":1234,"objectKey":"incoming/x","multipart":false,"partSize":0,"requestedAt":"2026-11-20T10:00:00+00:00"}""";

    private static string ReceivedJson(Guid upload) =>
        $$"""{"uploadId":"{{upload}}","size":1234,"eTag":"e","source":"client","receivedAt":"2026-11-20T10:00:05+00:00"}""";

    private static string StatusJson(Guid tenant, Guid project, Guid upload) =>
        $$"""{"id":"{{upload}}","tenantId":"{{tenant}}","projectId":"{{project}}","uploaderId":"{{Guid.Empty}}","fileName":"fachada.jpg","contentType":"image/jpeg","size":1234,"objectKey":"incoming/x","status":"Received","version":2,"stages":{"requestedAt":"2026-11-20T10:00:00+00:00","receivedAt":"2026-11-20T10:00:05+00:00"},"eTag":"e","updatedAt":"2026-11-20T10:00:05+00:00"}""";

    private static async Task ExecAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
