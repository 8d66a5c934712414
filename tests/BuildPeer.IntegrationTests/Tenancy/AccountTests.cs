using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.Api.Audit;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Tenancy;

[Collection(SystemCollection.Name)]
public sealed class AccountTests(BuildPeerSystem system)
{
    private HttpClient Anonymous => system.Api.CreateClient();

    private Task<HttpResponseMessage> Login(string email, string password) =>
        Anonymous.PostAsJsonAsync("/api/auth/login", new { email, password });

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_audit_log_shows_every_attempt()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var email = tenant.Users["empleado"].Email;
        for (var i = 0; i < 5; i++) await Login(email, "wrong").ExpectAsync(HttpStatusCode.Unauthorized);

        var locked = await Login(email, TestTenant.Password);
        var problem = await Task.FromResult(locked).ProblemAsync(HttpStatusCode.Locked);
        Assert.Contains("Too many failed logins", problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(locked.Headers.GetValues("Retry-After").Single()) > 60);

        var boss = await tenant.ClientForAsync("constructora");
        var audit = await boss.GetAsync($"/api/audit?action=login&actorId={tenant.Users["empleado"].Id}").JsonAsync<AuditPage>(HttpStatusCode.OK);
        Assert.Equal(["locked", "failed", "failed", "failed", "failed", "failed"], audit.Items.Select(e => e.Result));
        Assert.All(audit.Items, e => Assert.Equal("empleado", e.ActorRole));
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_a_reused_one_signs_out_every_session()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var login = await Login(tenant.Users["empleado"].Email, TestTenant.Password).JsonAsync<JsonElement>(HttpStatusCode.OK);
        var first = login.GetProperty("refreshToken").GetString();

        var rotated = await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first }).JsonAsync<JsonElement>(HttpStatusCode.OK);
        var second = rotated.GetProperty("refreshToken").GetString();
        Assert.NotEqual(first, second);
        var api = Anonymous;
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", rotated.GetProperty("accessToken").GetString());
        await api.GetAsync("/api/projects").ExpectAsync(HttpStatusCode.OK);

        // The old token again: treated as stolen, and the newest one stops working too.
        await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first }).ProblemAsync(HttpStatusCode.Unauthorized);
        await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = second }).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_revokes_refresh_tokens()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var login = await Login(tenant.Users["inversionista"].Email, TestTenant.Password).JsonAsync<JsonElement>(HttpStatusCode.OK);
        var api = Anonymous;
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        await api.PostAsync("/api/auth/logout", null).ExpectAsync(HttpStatusCode.NoContent);
        await Anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() })
            .ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_removed_user_cannot_log_in_their_uploads_stay_and_their_name_is_anonymised()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var empleado = await tenant.ClientForAsync("empleado");
        var upload = await UploadDriver.InitiateAsync(empleado, tenant.ProjectId, "a.jpg", "image/jpeg", 10);
        var boss = await tenant.ClientForAsync("constructora");

        await boss.DeleteAsync($"/api/users/{tenant.Users["empleado"].Id}").ExpectAsync(HttpStatusCode.NoContent);

        await Login(tenant.Users["empleado"].Email, TestTenant.Password).ExpectAsync(HttpStatusCode.Unauthorized);
        var view = await boss.GetAsync($"/api/uploads/{upload.UploadId}").JsonAsync<Api.Uploads.UploadView>(HttpStatusCode.OK);
        Assert.Equal(tenant.Users["empleado"].Id, view.UploaderId);
        var users = await boss.GetAsync("/api/users").JsonAsync<List<JsonElement>>(HttpStatusCode.OK);
        Assert.DoesNotContain(users, u => u.GetProperty("email").GetString() == tenant.Users["empleado"].Email);
        var audit = await boss.GetAsync($"/api/audit?action={AuditActions.UserDeleted}").JsonAsync<AuditPage>(HttpStatusCode.OK);
        Assert.Equal(tenant.Users["empleado"].Id.ToString(), Assert.Single(audit.Items).Target);
    }

    [Fact]
    public async Task A_constructora_manages_projects_members_and_roles_and_each_change_is_audited()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var boss = await tenant.ClientForAsync("constructora");
        var created = await boss.PostAsJsonAsync("/api/projects", new { name = "Hospital Sur" }).JsonAsync<JsonElement>(HttpStatusCode.Created);
        var projectId = created.GetProperty("id").GetGuid();
        var newUser = await boss.PostAsJsonAsync("/api/users", new { email = $"nuevo-{Guid.NewGuid():N}@obra.lat", displayName = "Nuevo", role = "inversionista", password = "una clave muy larga" })
            .JsonAsync<JsonElement>(HttpStatusCode.Created);
        var userId = newUser.GetProperty("id").GetGuid();

        await boss.PutAsync($"/api/projects/{projectId}/members/{userId}", null).ExpectAsync(HttpStatusCode.NoContent);
        var members = await boss.GetAsync($"/api/projects/{projectId}/members").JsonAsync<List<JsonElement>>(HttpStatusCode.OK);
        Assert.Contains(members, m => m.GetProperty("userId").GetGuid() == userId);
        await boss.PutAsJsonAsync($"/api/users/{userId}/role", new { role = "empleado" }).ExpectAsync(HttpStatusCode.NoContent);
        await boss.PutAsJsonAsync($"/api/users/{userId}/role", new { role = "admin" }).ProblemAsync(HttpStatusCode.BadRequest);
        await boss.DeleteAsync($"/api/projects/{projectId}/members/{userId}").ExpectAsync(HttpStatusCode.NoContent);

        var audit = await boss.GetAsync("/api/audit").JsonAsync<AuditPage>(HttpStatusCode.OK);
        var actions = audit.Items.Select(e => e.Action).ToList();
        foreach (var action in new[] { AuditActions.ProjectCreated, AuditActions.UserCreated, AuditActions.MemberAdded, AuditActions.RoleChanged, AuditActions.MemberRemoved })
            Assert.Contains(action, actions);
    }
}
