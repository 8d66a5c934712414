using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Text;
using Alba;
using BuildPeer.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace BuildPeer.IntegrationTests.Security;

/// <summary>
/// Every endpoint × every role × own project / other project of the same tenant / other tenant, plus no, expired
/// and tampered tokens, each with the exact status expected. Cross-tenant answers are 404.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class AuthorizationMatrixTests(BuildPeerSystem system)
{
    public enum Scope { OwnProject, OtherProjectSameTenant, OtherTenant }

    private sealed record World(TestTenant A, TestTenant B, Dictionary<string, ApiUser> Users, ApiUser Constructora, ApiUser Empleado);

    private sealed record Case(string Name, Func<World, Scope, Task<Action<Scenario>>> Request, Func<string, Scope, HttpStatusCode> Expected);

    private const HttpStatusCode Ok = HttpStatusCode.OK, Created = HttpStatusCode.Created, NoContent = HttpStatusCode.NoContent,
        Conflict = HttpStatusCode.Conflict, Forbidden = HttpStatusCode.Forbidden, NotFound = HttpStatusCode.NotFound;

    private static HttpStatusCode ReadProject(string role, Scope scope) => scope switch
    {
        Scope.OtherTenant => NotFound,
        Scope.OtherProjectSameTenant when role != "constructora" => Forbidden,
        _ => Ok,
    };

    private static Func<string, Scope, HttpStatusCode> WriteProject(HttpStatusCode allowed) => (role, scope) => scope switch
    {
        Scope.OtherTenant => NotFound,
        _ when role == "inversionista" => Forbidden,
        Scope.OtherProjectSameTenant when role != "constructora" => Forbidden,
        _ => allowed,
    };

    private static Func<string, Scope, HttpStatusCode> ConstructoraOnly(HttpStatusCode allowed) => (role, scope) => scope switch
    {
        Scope.OtherTenant => NotFound,
        _ => role == "constructora" ? allowed : Forbidden,
    };

    private static Func<string, Scope, HttpStatusCode> Always(HttpStatusCode status) => (_, _) => status;

    private static Guid Project(World w, Scope s) => s switch
    {
        Scope.OwnProject => w.A.ProjectId,
        Scope.OtherProjectSameTenant => w.A.OtherProjectId,
        _ => w.B.ProjectId,
    };

    /// <summary>A fresh upload (single PUT, not yet sent) in the scope's project, started by someone allowed to.</summary>
    private static async Task<Guid> Upload(World w, Scope s)
    {
        var user = s == Scope.OwnProject ? w.Empleado : w.Constructora;
        if (s == Scope.OtherTenant) user = await w.B.LoginAsync("constructora");
        return (await UploadDriver.InitiateAsync(user, Project(w, s), "matriz.jpg", "image/jpeg", 1000)).UploadId;
    }

    private static IUrlExpression Verb(Scenario s, HttpMethod method) => method.Method switch
    {
        "GET" => s.Get,
        "POST" => s.Post,
        "PUT" => s.Put,
        "DELETE" => s.Delete,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    private static Action<Scenario> Send(HttpMethod method, string url) => s =>
    {
        if (method == HttpMethod.Post) s.PostWithoutBody(url);
        else Verb(s, method).Url(url);
    };

    private static Action<Scenario> Json(HttpMethod method, string url, object body) => s => Verb(s, method).Json(body).ToUrl(url);

    private static readonly Case[] Cases =
    [
        new("GET /projects", (_, _) => Task.FromResult(Send(HttpMethod.Get, "/api/projects")), Always(Ok)),
        new("GET /projects/{p}/uploads", (w, s) => Task.FromResult(Send(HttpMethod.Get, $"/api/projects/{Project(w, s)}/uploads")), ReadProject),
        new("POST /projects/{p}/uploads", (w, s) => Task.FromResult(Json(HttpMethod.Post, $"/api/projects/{Project(w, s)}/uploads", new { fileName = "a.jpg", contentType = "image/jpeg", size = 10 })), WriteProject(Created)),
        new("GET /uploads/{u}", async (w, s) => Send(HttpMethod.Get, $"/api/uploads/{await Upload(w, s)}"), ReadProject),
        new("GET /uploads/{u}/history", async (w, s) => Send(HttpMethod.Get, $"/api/uploads/{await Upload(w, s)}/history"), ReadProject),
        new("GET /uploads/{u}/parts", async (w, s) => Send(HttpMethod.Get, $"/api/uploads/{await Upload(w, s)}/parts"), ReadProject),
        new("GET /uploads/{u}/content", async (w, s) => Send(HttpMethod.Get, $"/api/uploads/{await Upload(w, s)}/content"),
            (r, s) => ReadProject(r, s) == Ok ? Conflict : ReadProject(r, s)),
        new("POST /uploads/{u}/complete", async (w, s) => Send(HttpMethod.Post, $"/api/uploads/{await Upload(w, s)}/complete"),
            WriteProject(Conflict)),
        new("POST /uploads/{u}/parts/sign", async (w, s) => Json(HttpMethod.Post, $"/api/uploads/{await Upload(w, s)}/parts/sign", new { partNumbers = new[] { 1 } }),
            WriteProject(Conflict)),
        new("DELETE /uploads/{u}", async (w, s) => Send(HttpMethod.Delete, $"/api/uploads/{await Upload(w, s)}"),
            WriteProject(NoContent)),
        new("GET /projects/{p}/members", (w, s) => Task.FromResult(Send(HttpMethod.Get, $"/api/projects/{Project(w, s)}/members")), ReadProject),
        // Adds the constructora (who sees every project anyway), so membership changes do not leak into later cases.
        new("PUT /projects/{p}/members/{u}", (w, s) => Task.FromResult(Send(HttpMethod.Put, $"/api/projects/{Project(w, s)}/members/{(s == Scope.OtherTenant ? w.B : w.A).Users["constructora"].Id}")),
            (r, s) => s == Scope.OtherTenant ? NotFound : ReadProject(r, s) == Forbidden ? Forbidden : r == "constructora" ? NoContent : Forbidden),
        new("POST /projects", (_, _) => Task.FromResult(Json(HttpMethod.Post, "/api/projects", new { name = "Nueva obra" })), (r, _) => r == "constructora" ? Created : Forbidden),
        new("GET /users", (_, _) => Task.FromResult(Send(HttpMethod.Get, "/api/users")), (r, _) => r == "constructora" ? Ok : Forbidden),
        new("GET /audit", (_, _) => Task.FromResult(Send(HttpMethod.Get, "/api/audit")), (r, _) => r == "constructora" ? Ok : Forbidden),
        new("POST /projects/{p}/uploads/content-links", async (w, s) => Json(HttpMethod.Post, $"/api/projects/{Project(w, s)}/uploads/content-links", new { uploadIds = new[] { await Upload(w, s) } }), ReadProject),
        new("DELETE /projects/{p}/members/{u}", (w, s) => Task.FromResult(Send(HttpMethod.Delete, $"/api/projects/{Project(w, s)}/members/{(s == Scope.OtherTenant ? w.B : w.A).Users["inversionista"].Id}")),
            (r, s) => s == Scope.OtherTenant ? NotFound : ReadProject(r, s) == Forbidden ? Forbidden : r == "constructora" ? NoContent : Forbidden),
        new("POST /users", (_, _) => Task.FromResult(Json(HttpMethod.Post, "/api/users", new { email = $"m-{Guid.NewGuid():N}@obra.lat", displayName = "M", role = "empleado", password = "una clave muy larga" })),
            (r, _) => r == "constructora" ? Created : Forbidden),
        new("PUT /users/{u}/role", (w, s) => Task.FromResult(Json(HttpMethod.Put, $"/api/users/{(s == Scope.OtherTenant ? w.B : w.A).Users["inversionista"].Id}/role", new { role = "inversionista" })),
            (r, s) => r != "constructora" ? Forbidden : s == Scope.OtherTenant ? NotFound : NoContent),
        new("DELETE /users/{u}", (w, s) => Task.FromResult(Send(HttpMethod.Delete, $"/api/users/{(s == Scope.OtherTenant ? w.B.Users["inversionista"].Id : Guid.NewGuid())}")),
            (r, _) => r == "constructora" ? NotFound : Forbidden),
        new("DELETE /tenants/{t} (unconfirmed)", (w, s) => Task.FromResult(Json(HttpMethod.Delete, $"/api/tenants/{(s == Scope.OtherTenant ? w.B : w.A).TenantId}", new { confirm = "no" })),
            ConstructoraOnly(HttpStatusCode.BadRequest)),
        new("GET /ops/overview", (_, _) => Task.FromResult(Send(HttpMethod.Get, "/api/ops/overview")), (r, _) => r == "constructora" ? Ok : Forbidden),
        new("GET /ops/dead-letters", (_, _) => Task.FromResult(Send(HttpMethod.Get, "/api/ops/dead-letters")), Always(Forbidden)),
        new("POST /auth/logout", (_, _) => Task.FromResult(Send(HttpMethod.Post, "/api/auth/logout")), Always(NoContent)),
        new("GET /tenants/{t}/export", (w, s) => Task.FromResult(Send(HttpMethod.Get, $"/api/tenants/{(s == Scope.OtherTenant ? w.B : w.A).TenantId}/export")), ConstructoraOnly(Ok)),
    ];

    [Fact]
    public async Task Every_endpoint_answers_each_role_and_scope_with_the_exact_status()
    {
        var a = await system.NewTenant("Matriz A").CreateAsync();
        var b = await system.NewTenant("Matriz B").CreateAsync();
        var users = new Dictionary<string, ApiUser>();
        foreach (var role in BuildPeer.Uploads.Rules.Roles.All) users[role] = await a.LoginAsync(role);
        var world = new World(a, b, users, users["constructora"], users["empleado"]);

        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var c in Cases)
        foreach (var role in BuildPeer.Uploads.Rules.Roles.All)
        foreach (var scope in Enum.GetValues<Scope>())
        {
            var request = await c.Request(world, scope);
            var response = await users[role].Scenario(s =>
            {
                request(s);
                s.IgnoreStatusCode(); // collected, so one run reports every case that differs
            });
            var expected = c.Expected(role, scope);
            var status = (HttpStatusCode)response.Context.Response.StatusCode;
            checkedCount++;
            if (status != expected)
                failures.Add($"{c.Name} as {role} on {scope}: expected {(int)expected}, got {(int)status} {await response.ReadAsTextAsync()}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedCount} cases differ:\n" + string.Join("\n", failures));
        Assert.Equal(Cases.Length * 3 * 3, checkedCount);
    }

    [Fact]
    public async Task Without_a_valid_token_every_endpoint_answers_401()
    {
        var a = await system.NewTenant("Tokens").CreateAsync();
        var users = new Dictionary<string, ApiUser> { ["empleado"] = await a.LoginAsync("empleado"), ["constructora"] = await a.LoginAsync("constructora") };
        var world = new World(a, a, users, users["constructora"], users["empleado"]);
        var good = users["empleado"].AccessToken;
        var tokens = new Dictionary<string, string?>
        {
            ["no token"] = null,
            ["expired token"] = ExpiredToken(a),
            ["tampered token"] = Tamper(good),
            ["token signed with another key"] = ExpiredToken(a, key: "another-key-that-is-long-enough-0123456789", lifetime: TimeSpan.FromMinutes(10)),
        };

        var failures = new List<string>();
        foreach (var c in Cases)
        foreach (var (label, token) in tokens)
        {
            var request = await c.Request(world, Scope.OwnProject);
            var response = await system.Api.Scenario(s =>
            {
                request(s);
                if (token is not null) s.WithBearerToken(token);
                s.IgnoreStatusCode();
            });
            if (response.Context.Response.StatusCode != (int)HttpStatusCode.Unauthorized) failures.Add($"{c.Name} with {label}: {response.Context.Response.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string ExpiredToken(TestTenant tenant, string key = TestConfiguration.JwtKey, TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        var expires = lifetime is { } l ? now.Add(l) : now.AddMinutes(-5);
        var token = new JwtSecurityToken("buildpeer", "buildpeer-api",
            [new Claim("sub", tenant.Users["empleado"].Id.ToString()), new Claim("tenant_id", tenant.TenantId.ToString()), new Claim("role", "empleado")],
            notBefore: expires.AddMinutes(-15), expires: expires,
            signingCredentials: new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>Same header and signature, payload claiming the constructora role.</summary>
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"empleado\"", "\"constructora\"");
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }
}
