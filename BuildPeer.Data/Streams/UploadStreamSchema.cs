using JasperFx;
using Marten;
using Npgsql;

namespace BuildPeer.Data.Streams;

/// <summary>
/// The owner's half of Marten, at every start before the versioned SQL: creates or updates Marten's tables, then adds
/// what Marten does not — row-level security on mt_events and mt_streams (its UseRowLevelSecurity covers only
/// documents) and, on all three, a policy with current_setting(…, true) so a connection that set no tenant sees nothing
/// instead of failing; the listing's and duplicate detection's indexes; and the DML-only grants of the services' role, whose store runs
/// with AutoCreate.None (append-only on mt_events). Like every table here, RLS is enabled but not forced: the owner's
/// security-definer functions (reconciler, ops views) read across tenants.
/// </summary>
public static class UploadStreamSchema
{
    public static readonly string[] TenantTables = ["mt_events", "mt_streams", "mt_doc_uploadstatus"];

    public static async Task ApplyAsync(DatabaseSettings settings, CancellationToken ct = default)
    {
        await using (var store = DocumentStore.For(o =>
                     {
                         o.Connection(settings.OwnerConnectionString);
                         o.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                         UploadStreamStore.Configure(o);
                     }))
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        }

        await using var conn = new NpgsqlConnection(settings.OwnerConnectionString);
        await conn.OpenAsync(ct);
        // Altering a table waits for every transaction on it: at a restart among running instances that would deadlock
        // with them, so the additions run only when something is missing (first start, or Marten changed a table).
        if (await IsInShapeAsync(conn, settings.AppRole, ct)) return;
        var schema = UploadStreamStore.Schema;
        var setting = UploadStreamStore.TenantSetting;
        var sql = new System.Text.StringBuilder();
        foreach (var table in TenantTables)
        {
            sql.AppendLine($"""
                alter table {schema}.{table} enable row level security;
                alter table {schema}.{table} no force row level security;
                drop policy if exists marten_tenant_isolation on {schema}.{table};
                drop policy if exists tenant_isolation on {schema}.{table};
                create policy tenant_isolation on {schema}.{table}
                  using (tenant_id = current_setting('{setting}', true))
                  with check (tenant_id = current_setting('{setting}', true));
                """);
        }
        sql.AppendLine($"""
            create index if not exists {UploadStreamStore.ListingIndex}
              on {schema}.mt_doc_uploadstatus (tenant_id, project_id, stagesrequested_at desc, id desc);
            create index if not exists {UploadStreamStore.DuplicatesIndex}
              on {schema}.mt_doc_uploadstatus (tenant_id, project_id, (data->>'sha256')) where data->>'sha256' is not null;
            grant usage on schema {schema} to {settings.AppRole};
            grant select, insert, update, delete on all tables in schema {schema} to {settings.AppRole};
            -- Events are facts: the services append and read them, never change or remove them.
            revoke update, delete, truncate on {schema}.mt_events from {settings.AppRole};
            grant usage, select on all sequences in schema {schema} to {settings.AppRole};
            grant execute on all functions in schema {schema} to {settings.AppRole};
            """);
        await using var cmd = new NpgsqlCommand(sql.ToString(), conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<bool> IsInShapeAsync(NpgsqlConnection conn, string appRole, CancellationToken ct)
    {
        var schema = UploadStreamStore.Schema;
        await using var cmd = new NpgsqlCommand($$"""
            select
              (select count(*) from pg_policies where schemaname = @schema and tablename = any(@tables) and policyname = 'tenant_isolation'
                 and qual like '%current_setting(''{{UploadStreamStore.TenantSetting}}''::text, true)%' and with_check = qual) = 3
              and not exists (select 1 from pg_policies where schemaname = @schema and policyname <> 'tenant_isolation')
              and (select count(*) from pg_class where relnamespace = @schema::regnamespace and relname = any(@tables)
                     and relrowsecurity and not relforcerowsecurity) = 3
              and to_regclass('{{schema}}.{{UploadStreamStore.ListingIndex}}') is not null
              and to_regclass('{{schema}}.{{UploadStreamStore.DuplicatesIndex}}') is not null
              and has_table_privilege(@role, '{{schema}}.mt_events', 'insert') and not has_table_privilege(@role, '{{schema}}.mt_events', 'update')
              and not has_table_privilege(@role, '{{schema}}.mt_events', 'delete')
              and (select bool_and(has_table_privilege(@role, c.oid, 'select') and (c.relname = 'mt_events' or has_table_privilege(@role, c.oid, 'update')))
                   from pg_class c where c.relnamespace = @schema::regnamespace and c.relkind = 'r')
              and (select bool_and(has_sequence_privilege(@role, c.oid, 'usage')) from pg_class c where c.relnamespace = @schema::regnamespace and c.relkind = 'S')
              and (select bool_and(has_function_privilege(@role, p.oid, 'execute')) from pg_proc p where p.pronamespace = @schema::regnamespace)
            """, conn);
        cmd.Parameters.AddWithValue("schema", schema);
        cmd.Parameters.AddWithValue("tables", TenantTables);
        cmd.Parameters.AddWithValue("role", appRole);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }
}
