using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace BuildPeer.FaultTests.Infrastructure;

/// <summary>A tenant with one project and one empleado (field worker) who uploads to it, seeded as the owner role.</summary>
public sealed record FaultTenant(Guid TenantId, Guid ProjectId, Guid UserId, string Email)
{
    public const string Password = "fault suite field worker";

    public static async Task<FaultTenant> CreateAsync(FaultCluster cluster, string name, CancellationToken ct)
    {
        var tenant = new FaultTenant(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), $"empleado-{Guid.NewGuid():N}@faults.buildpeer.lat");
        // The API verifies with PasswordHasher's default (V3) format, which does not depend on the user type.
        var hash = new PasswordHasher<object>().HashPassword(new object(), Password);
        await using var conn = await cluster.OpenOwnerConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ExecAsync(conn, "insert into tenants (tenant_id, name, slug) values (@t, @n, @s)", ct,
            ("t", tenant.TenantId), ("n", name), ("s", "faults-" + tenant.TenantId.ToString("N")));
        await ExecAsync(conn, "insert into projects (id, tenant_id, name) values (@p, @t, 'Obra bajo fallas')", ct,
            ("p", tenant.ProjectId), ("t", tenant.TenantId));
        await ExecAsync(conn, "insert into users (id, tenant_id, email, display_name, role, password_hash) values (@u, @t, @e, 'Empleado de obra', 'empleado', @h)", ct,
            ("u", tenant.UserId), ("t", tenant.TenantId), ("e", tenant.Email), ("h", hash));
        await ExecAsync(conn, "insert into project_members (tenant_id, project_id, user_id) values (@t, @p, @u)", ct,
            ("t", tenant.TenantId), ("p", tenant.ProjectId), ("u", tenant.UserId));
        await tx.CommitAsync(ct);
        return tenant;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (n, v) in parameters) cmd.Parameters.AddWithValue(n, v);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
