using System.Net;
using System.Text.Json;
using Alba;
using BuildPeer.Api.Audit;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Tenancy;

[Collection(SystemCollection.Name)]
public sealed class AccountTests(BuildPeerSystem system)
{
    private Task<IScenarioResult> Login(string email, string password, HttpStatusCode expected) => system.Api.Scenario(s =>
    {
        s.Post.Json(new { email, password }).ToUrl("/api/auth/login");
        if (expected == HttpStatusCode.OK) s.StatusCodeShouldBeOk();
        else s.ProblemShouldBe(expected);
    });

    private Task<IScenarioResult> Refresh(string? refreshToken, HttpStatusCode expected) => system.Api.Scenario(s =>
    {
        s.Post.Json(new { refreshToken }).ToUrl("/api/auth/refresh");
        if (expected == HttpStatusCode.OK) s.StatusCodeShouldBeOk();
        else s.ProblemShouldBe(expected);
    });

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_audit_log_shows_every_attempt()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var email = tenant.Users["empleado"].Email;
        for (var i = 0; i < 5; i++)
            await system.Api.Scenario(s =>
            {
                s.Post.Json(new { email, password = "wrong" }).ToUrl("/api/auth/login");
                s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
            });

        var locked = await Login(email, TestTenant.Password, HttpStatusCode.Locked);
        var problem = await locked.ReadAsJsonAsync<JsonElement>();
        Assert.Contains("Too many failed logins", problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(locked.Context.Response.Headers.RetryAfter.Single()!) > 60);

        var boss = await tenant.LoginAsync("constructora");
        var audit = await boss.Scenario(s => s.Get.Url($"/api/audit?action=login&actorId={tenant.Users["empleado"].Id}"));
        var entries = (await audit.ReadAsJsonAsync<AuditPage>())!.Items;
        Assert.Equal(["locked", "failed", "failed", "failed", "failed", "failed"], entries.Select(e => e.Result));
        Assert.All(entries, e => Assert.Equal("empleado", e.ActorRole));
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_a_reused_one_signs_out_every_session()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var login = await (await Login(tenant.Users["empleado"].Email, TestTenant.Password, HttpStatusCode.OK)).ReadAsJsonAsync<JsonElement>();
        var first = login.GetProperty("refreshToken").GetString();

        var rotated = await (await Refresh(first, HttpStatusCode.OK)).ReadAsJsonAsync<JsonElement>();
        var second = rotated.GetProperty("refreshToken").GetString();
        Assert.NotEqual(first, second);
        var api = new ApiUser(system.Api, rotated.GetProperty("accessToken").GetString()!);
        await api.Scenario(s => s.Get.Url("/api/projects"));

        // The old token again: treated as stolen, and the newest one stops working too.
        await Refresh(first, HttpStatusCode.Unauthorized);
        await Refresh(second, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_revokes_refresh_tokens()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var login = await (await Login(tenant.Users["inversionista"].Email, TestTenant.Password, HttpStatusCode.OK)).ReadAsJsonAsync<JsonElement>();
        var api = new ApiUser(system.Api, login.GetProperty("accessToken").GetString()!);
        await api.Scenario(s =>
        {
            s.PostWithoutBody("/api/auth/logout");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });
        await Refresh(login.GetProperty("refreshToken").GetString(), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_removed_user_cannot_log_in_their_uploads_stay_and_their_name_is_anonymised()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var empleado = await tenant.LoginAsync("empleado");
        var upload = await UploadDriver.InitiateAsync(empleado, tenant.ProjectId, "a.jpg", "image/jpeg", 10);
        var boss = await tenant.LoginAsync("constructora");

        await boss.Scenario(s =>
        {
            s.Delete.Url($"/api/users/{tenant.Users["empleado"].Id}");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });

        await system.Api.Scenario(s =>
        {
            s.Post.Json(new { email = tenant.Users["empleado"].Email, password = TestTenant.Password }).ToUrl("/api/auth/login");
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
        var view = await UploadDriver.ViewAsync(boss, upload.UploadId);
        Assert.Equal(tenant.Users["empleado"].Id, view.UploaderId);
        var users = await (await boss.Scenario(s => s.Get.Url("/api/users"))).ReadAsJsonAsync<List<JsonElement>>();
        Assert.DoesNotContain(users!, u => u.GetProperty("email").GetString() == tenant.Users["empleado"].Email);
        var audit = await (await boss.Scenario(s => s.Get.Url($"/api/audit?action={AuditActions.UserDeleted}"))).ReadAsJsonAsync<AuditPage>();
        Assert.Equal(tenant.Users["empleado"].Id.ToString(), Assert.Single(audit!.Items).Target);
    }

    [Fact]
    public async Task A_constructora_manages_projects_members_and_roles_and_each_change_is_audited()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var boss = await tenant.LoginAsync("constructora");
        var created = await boss.Scenario(s =>
        {
            s.Post.Json(new { name = "Hospital Sur" }).ToUrl("/api/projects");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var projectId = (await created.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var newUser = await boss.Scenario(s =>
        {
            s.Post.Json(new { email = $"nuevo-{Guid.NewGuid():N}@obra.lat", displayName = "Nuevo", role = "inversionista", password = "una clave muy larga" }).ToUrl("/api/users");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var userId = (await newUser.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await boss.Scenario(s =>
        {
            s.Put.Url($"/api/projects/{projectId}/members/{userId}");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });
        var members = await (await boss.Scenario(s => s.Get.Url($"/api/projects/{projectId}/members"))).ReadAsJsonAsync<List<JsonElement>>();
        Assert.Contains(members!, m => m.GetProperty("userId").GetGuid() == userId);
        await boss.Scenario(s =>
        {
            s.Put.Json(new { role = "empleado" }).ToUrl($"/api/users/{userId}/role");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });
        await boss.Scenario(s =>
        {
            s.Put.Json(new { role = "admin" }).ToUrl($"/api/users/{userId}/role");
            s.ProblemShouldBe(HttpStatusCode.BadRequest);
        });
        await boss.Scenario(s =>
        {
            s.Delete.Url($"/api/projects/{projectId}/members/{userId}");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });

        var audit = await (await boss.Scenario(s => s.Get.Url("/api/audit"))).ReadAsJsonAsync<AuditPage>();
        var actions = audit!.Items.Select(e => e.Action).ToList();
        foreach (var action in new[] { AuditActions.ProjectCreated, AuditActions.UserCreated, AuditActions.MemberAdded, AuditActions.RoleChanged, AuditActions.MemberRemoved })
            Assert.Contains(action, actions);
    }
}
