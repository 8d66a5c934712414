using Npgsql;

namespace BuildPeer.Data;

/// <summary>
/// Applies the versioned SQL files in Migrations/ once each, in order, as the owner role, under an
/// advisory lock so several instances starting together do not race. Also creates the database and
/// the services' login role when they are missing.
/// </summary>
public static class DatabaseMigrator
{
    private const long LockKey = 0x42_50_55_50; // "BPUP"

    public static async Task MigrateAsync(DatabaseSettings settings, CancellationToken ct = default)
    {
        await CreateDatabaseIfMissingAsync(settings.OwnerConnectionString, ct);
        await using var conn = new NpgsqlConnection(settings.OwnerConnectionString);
        await conn.OpenAsync(ct);
        await ExecAsync(conn, $"select pg_advisory_lock({LockKey})", ct);
        try
        {
            await EnsureAppRoleAsync(conn, settings, ct);
            await ExecAsync(conn, "create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())", ct);
            // Marten's tables first (it diffs and updates them itself, at every start): the versioned SQL builds on them.
            await Streams.UploadStreamSchema.ApplyAsync(settings, ct);
            await MessageStorageSchema.ApplyAsync(settings, ct);
            var applied = new HashSet<string>();
            await using (var read = new NpgsqlCommand("select version from schema_migrations", conn))
            await using (var reader = await read.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));

            foreach (var (version, sql) in Scripts())
            {
                if (applied.Contains(version)) continue;
                await using var tx = await conn.BeginTransactionAsync(ct);
                await using (var cmd = new NpgsqlCommand(sql, conn, tx)) await cmd.ExecuteNonQueryAsync(ct);
                await using (var mark = new NpgsqlCommand("insert into schema_migrations (version) values (@v)", conn, tx))
                {
                    mark.Parameters.AddWithValue("v", version);
                    await mark.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
            }
        }
        finally
        {
            await ExecAsync(conn, $"select pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    public static IEnumerable<(string Version, string Sql)> Scripts()
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var version = name.Split('.')[^2];
            yield return (version, new StreamReader(stream).ReadToEnd());
        }
    }

    private static async Task EnsureAppRoleAsync(NpgsqlConnection conn, DatabaseSettings settings, CancellationToken ct)
    {
        var role = settings.AppRole;
        var password = settings.AppPassword.Replace("'", "''");
        await ExecAsync(conn, $"""
            do $$ begin
              if not exists (select from pg_roles where rolname = '{role}') then
                create role {role} login nosuperuser nobypassrls nocreatedb nocreaterole password '{password}';
              else
                alter role {role} login nosuperuser nobypassrls password '{password}';
              end if;
            end $$;
            """, ct);
    }

    private static async Task CreateDatabaseIfMissingAsync(string ownerConnectionString, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        var database = builder.Database ?? throw new InvalidOperationException("The uploadsdb connection string names no Database.");
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @n", conn);
        exists.Parameters.AddWithValue("n", database);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            try { await ExecAsync(conn, $"create database \"{database.Replace("\"", "")}\"", ct); }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { /* created by a concurrent instance */ }
        }
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
