using Alba;
using BuildPeer.Api.Auth;
using BuildPeer.Uploads.Rules;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace BuildPeer.IntegrationTests.Infrastructure;

/// <summary>A fresh tenant with two projects and one user per role (members of the first project), made as the owner role.</summary>
public sealed class TestTenant(BuildPeerSystem system, string name)
{
    public const string Password = "correct horse battery staple";

    public Guid TenantId { get; } = Guid.NewGuid();
    public Guid ProjectId { get; } = Guid.NewGuid();
    public Guid OtherProjectId { get; } = Guid.NewGuid();
    public Dictionary<string, (Guid Id, string Email)> Users { get; } = new();

    public async Task<TestTenant> CreateAsync()
    {
        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await ExecAsync(conn, "insert into tenants (tenant_id, name, slug) values (@t, @n, @s)", ("t", TenantId), ("n", name), ("s", "t-" + TenantId.ToString("N")));
        await ExecAsync(conn, "insert into projects (id, tenant_id, name) values (@p, @t, 'Obra principal'), (@q, @t, 'Otra obra')", ("p", ProjectId), ("q", OtherProjectId), ("t", TenantId));
        var hasher = new PasswordHasher<LoginUser>();
        foreach (var role in Roles.All)
        {
            var id = Guid.NewGuid();
            var email = $"{role}-{TenantId:N}@test.buildpeer.lat";
            var hash = hasher.HashPassword(new LoginUser(id, TenantId, email, role, role, ""), Password);
            await ExecAsync(conn, "insert into users (id, tenant_id, email, display_name, role, password_hash) values (@id, @t, @e, @n, @r, @h)",
                ("id", id), ("t", TenantId), ("e", email), ("n", $"{role} of {name}"), ("r", role), ("h", hash));
            await ExecAsync(conn, "insert into project_members (tenant_id, project_id, user_id) values (@t, @p, @u)", ("t", TenantId), ("p", ProjectId), ("u", id));
            Users[role] = (id, email);
        }
        return this;
    }

    /// <summary>
    /// Adds a BuildPeer operator homed in this tenant as Users["operador"]: platform staff (dead letters, the ops view
    /// of every tenant), not one of the tenant's own roles, so <see cref="CreateAsync"/> does not make one.
    /// </summary>
    public async Task<TestTenant> WithOperadorAsync()
    {
        var id = Guid.NewGuid();
        var email = $"operador-{id:N}@test.buildpeer.lat";
        var hash = new PasswordHasher<LoginUser>().HashPassword(new LoginUser(id, TenantId, email, "Operador", Roles.Operador, ""), Password);
        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await ExecAsync(conn, "insert into users (id, tenant_id, email, display_name, role, password_hash) values (@id, @t, @e, 'Operador', @r, @h)",
            ("id", id), ("t", TenantId), ("e", email), ("r", Roles.Operador), ("h", hash));
        Users[Roles.Operador] = (id, email);
        return this;
    }

    /// <summary>Sets this tenant's storage quota (tenants.storage_quota_bytes; 50 GB by default).</summary>
    public async Task<TestTenant> WithStorageQuotaAsync(long bytes)
    {
        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await ExecAsync(conn, "update tenants set storage_quota_bytes = @q where tenant_id = @t", ("q", bytes), ("t", TenantId));
        return this;
    }

    /// <summary>The tenant's user of that role, logged in on the system's API or another instance.</summary>
    public async Task<ApiUser> LoginAsync(string role, IAlbaHost? api = null)
    {
        var host = api ?? system.Api;
        var login = await host.Scenario(s => s.Post.Json(new { email = Users[role].Email, password = Password }).ToUrl("/api/auth/login"));
        return new ApiUser(host, (await login.ReadAsJsonAsync<LoginResponse>())!.AccessToken);
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (n, v) in parameters) cmd.Parameters.AddWithValue(n, v);
        await cmd.ExecuteNonQueryAsync();
    }
}
