using BuildPeer.Api.Auth;
using BuildPeer.Data;
using BuildPeer.Uploads.Rules;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.Api.Seeding;

/// <summary>Creates the demo tenant, project and one user per role, once (as the owner role, before any tenant exists).</summary>
public sealed class DemoSeeder(DatabaseSettings settings, IOptions<DemoSeedOptions> options, IPasswordHasher<LoginUser> hasher, ILogger<DemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Demo) return;
        await using var conn = new NpgsqlConnection(settings.OwnerConnectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ExecAsync(conn, tx, "insert into tenants (tenant_id, name, slug) values (@t, 'Constructora Andina', 'constructora-andina') on conflict do nothing",
            ct, ("t", DemoSeedOptions.TenantId));
        await ExecAsync(conn, tx, "insert into projects (id, tenant_id, name) values (@p, @t, 'Torre Norte — Bogotá') on conflict do nothing",
            ct, ("p", DemoSeedOptions.ProjectId), ("t", DemoSeedOptions.TenantId));
        foreach (var (id, email, name, role) in DemoSeedOptions.Users)
        {
            var hash = hasher.HashPassword(new LoginUser(id, DemoSeedOptions.TenantId, email, name, role, ""), o.Password);
            await ExecAsync(conn, tx, """
                insert into users (id, tenant_id, email, display_name, role, password_hash) values (@id, @t, @email, @name, @role, @hash)
                on conflict (id) do nothing
                """, ct, ("id", id), ("t", DemoSeedOptions.TenantId), ("email", email), ("name", name), ("role", role), ("hash", hash));
            if (role == Roles.Operador) continue; // platform staff: no project membership
            await ExecAsync(conn, tx, "insert into project_members (tenant_id, project_id, user_id) values (@t, @p, @u) on conflict do nothing",
                ct, ("t", DemoSeedOptions.TenantId), ("p", DemoSeedOptions.ProjectId), ("u", id));
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Demo tenant ready: log in as {Emails} with the demo password", string.Join(", ", DemoSeedOptions.Users.Select(u => u.Email)));
    }

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
