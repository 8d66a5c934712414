using BuildPeer.IntegrationTests.Infrastructure;
using Npgsql;

namespace BuildPeer.IntegrationTests.Security;

[Collection(SystemCollection.Name)]
public sealed class RowLevelSecurityCoverageTests(BuildPeerSystem system)
{
    // Owner-only bookkeeping that the service role has no privileges on at all.
    private static readonly HashSet<string> OwnerOnly = ["schema_migrations"];

    [Fact]
    public async Task Every_table_has_tenant_id_row_level_security_and_a_tenant_policy()
    {
        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select c.relname,
                   c.relrowsecurity,
                   exists (select 1 from information_schema.columns col where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'tenant_id'),
                   exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname and p.qual like '%app_current_tenant()%'),
                   has_table_privilege('buildpeer_app', c.oid, 'select')
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind = 'r'
            order by 1
            """, conn);
        var problems = new List<string>();
        var tables = 0;
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (name, rls, tenantColumn, policy, appCanRead) = (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4));
            tables++;
            if (OwnerOnly.Contains(name))
            {
                if (appCanRead) problems.Add($"{name}: owner-only table is readable by the service role");
                continue;
            }
            if (!tenantColumn) problems.Add($"{name}: no tenant_id column");
            if (!rls) problems.Add($"{name}: row-level security is off");
            if (!policy) problems.Add($"{name}: no policy on app_current_tenant()");
        }
        Assert.True(tables >= 10, $"only {tables} tables found"); // the envelope tables moved to Wolverine's schemas
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // Marten's bookkeeping in its schema: no tenant rows (projection progress, skipped sequence ranges, the async
    // daemon's dead letters, which this system's inline-only projections never write).
    private static readonly HashSet<string> MartenBookkeeping = ["mt_event_progression", "mt_high_water_skips", "mt_doc_deadletterevent", "mt_event_projection_floors"];

    [Fact]
    public async Task Every_table_of_Martens_schema_has_tenant_id_row_level_security_and_a_tenant_policy()
    {
        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select c.relname, c.relrowsecurity,
                   exists (select 1 from information_schema.columns col where col.table_schema = n.nspname and col.table_name = c.relname and col.column_name = 'tenant_id'),
                   exists (select 1 from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname and p.qual like '%current_setting(''app.tenant_id''%'),
                   has_table_privilege('buildpeer_app', c.oid, 'select')
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = @schema and c.relkind = 'r'
            order by 1
            """, conn);
        cmd.Parameters.AddWithValue("schema", BuildPeer.Data.Streams.UploadStreamStore.Schema);
        var problems = new List<string>();
        var tables = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (name, rls, tenantColumn, policy, appCanRead) = (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4));
            tables.Add(name);
            if (MartenBookkeeping.Contains(name)) continue;
            if (!appCanRead) problems.Add($"{name}: the service role cannot read it");
            if (!tenantColumn) problems.Add($"{name}: no tenant_id column");
            if (!rls) problems.Add($"{name}: row-level security is off");
            if (!policy) problems.Add($"{name}: no policy on app.tenant_id");
        }
        Assert.Contains("mt_events", tables);
        Assert.Contains("mt_streams", tables);
        Assert.Contains("mt_doc_uploadstatus", tables);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// Wolverine's schemas hold envelopes of every tenant, read across tenants by its durability agent, so they carry no
    /// tenant policy (see MessageStorageSchema): nothing else may live there, and nothing there may be a tenant's data.
    /// </summary>
    [Fact]
    public async Task Wolverines_schemas_hold_only_Wolverines_envelope_and_node_tables()
    {
        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname like 'wolverine%' and c.relkind in ('r', 'v', 'm', 'p') order by 1, 2
            """, conn);
        var tables = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
        foreach (var schema in new[] { "wolverine_api", "wolverine_processing" })
        {
            Assert.Contains($"{schema}.wolverine_incoming_envelopes", tables);
            Assert.Contains($"{schema}.wolverine_outgoing_envelopes", tables);
            Assert.Contains($"{schema}.wolverine_dead_letters", tables);
        }
        Assert.All(tables, t => Assert.StartsWith("wolverine_", t.Split('.')[1]));
    }

    [Fact]
    public async Task With_no_tenant_set_the_service_role_sees_nothing_in_any_table()
    {
        var tenant = await system.NewTenant().CreateAsync();
        await UploadDriver.InitiateAsync(await tenant.LoginAsync("empleado"), tenant.ProjectId, "x.jpg", "image/jpeg", 10);
        var serviceRole = new NpgsqlConnectionStringBuilder(system.Deps.OwnerConnectionString) { Username = "buildpeer_app" }.ConnectionString;
        await using var conn = new NpgsqlConnection(serviceRole);
        await conn.OpenAsync();
        foreach (var table in new[] { "tenants", "users", "projects", "project_members", "uploads.mt_streams", "uploads.mt_events", "uploads.mt_doc_uploadstatus", "upload_status", "upload_reconcile", "audit_log", "refresh_tokens" })
        {
            await using var cmd = new NpgsqlCommand($"select count(*) from {table}", conn);
            Assert.Equal(0L, await cmd.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task The_service_role_cannot_change_or_remove_audit_entries_or_events()
    {
        var tenant = await system.NewTenant().CreateAsync();
        await tenant.LoginAsync("empleado"); // a login writes an audit entry
        var serviceRole = new NpgsqlConnectionStringBuilder(system.Deps.OwnerConnectionString) { Username = "buildpeer_app" }.ConnectionString;
        await using var conn = new NpgsqlConnection(serviceRole);
        await conn.OpenAsync();
        foreach (var sql in new[] { "update audit_log set result = 'x'", "delete from audit_log", "update uploads.mt_events set type = 'x'", "delete from uploads.mt_events" })
        {
            await using var tx = await conn.BeginTransactionAsync();
            await using (var set = new NpgsqlCommand($"select set_config('app.tenant_id', '{tenant.TenantId}', true)", conn, tx)) await set.ExecuteNonQueryAsync();
            var error = await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                await using var cmd = new NpgsqlCommand(sql, conn, tx);
                await cmd.ExecuteNonQueryAsync();
            });
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            await tx.RollbackAsync();
        }
    }
}
