using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace BuildPeer.Bench.Client;

/// <summary>
/// A tenant with one project and a constructora user, inserted as the owner role (like the integration tests'
/// TestTenant) once the API has run its migrations.
/// </summary>
public sealed class BenchTenant
{
    public const string Password = "bench-password-Constructora-2026";

    public Guid TenantId { get; } = Guid.NewGuid();
    public Guid ProjectId { get; } = Guid.NewGuid();
    public Guid UserId { get; } = Guid.NewGuid();
    public string Email => $"constructora-{TenantId:N}@bench.buildpeer.lat";

    /// <summary>The password hash format does not depend on the user type (PasswordHasher V3).</summary>
    private sealed record HashUser;

    public async Task CreateAsync(string ownerConnectionString, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        var hash = new PasswordHasher<HashUser>().HashPassword(new HashUser(), Password);
        await ExecAsync(conn, ct, "insert into tenants (tenant_id, name, slug) values (@t, 'Constructora Benchmark', @s)", ("t", TenantId), ("s", "bench-" + TenantId.ToString("N")));
        await ExecAsync(conn, ct, "insert into projects (id, tenant_id, name) values (@p, @t, 'Obra de referencia')", ("p", ProjectId), ("t", TenantId));
        await ExecAsync(conn, ct, "insert into users (id, tenant_id, email, display_name, role, password_hash) values (@id, @t, @e, 'Bench constructora', 'constructora', @h)",
            ("id", UserId), ("t", TenantId), ("e", Email), ("h", hash));
        await ExecAsync(conn, ct, "insert into project_members (tenant_id, project_id, user_id) values (@t, @p, @u)", ("t", TenantId), ("p", ProjectId), ("u", UserId));
    }

    private static async Task ExecAsync(NpgsqlConnection conn, CancellationToken ct, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (n, v) in parameters) cmd.Parameters.AddWithValue(n, v);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
