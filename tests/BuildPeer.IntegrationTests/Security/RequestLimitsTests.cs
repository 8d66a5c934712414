using System.Net;
using System.Text.Json;
using Alba;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Security;

[Collection(SystemCollection.Name)]
public sealed class RequestLimitsTests(BuildPeerSystem system)
{
    private static Task<IScenarioResult> Initiate(ApiUser api, Guid projectId, string fileName, Action<Scenario> expect) => api.Scenario(s =>
    {
        s.Post.Json(new { fileName, contentType = "image/jpeg", size = 10 }).ToUrl($"/api/projects/{projectId}/uploads");
        expect(s);
    });

    [Fact]
    public async Task The_51st_initiation_in_a_minute_is_a_429_with_retry_after()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        for (var i = 0; i < 50; i++)
            await Initiate(api, tenant.ProjectId, $"f{i}.jpg", s => s.StatusCodeShouldBe(HttpStatusCode.Created));

        var limited = await Initiate(api, tenant.ProjectId, "f.jpg", s => s.ProblemShouldBe(HttpStatusCode.TooManyRequests));
        Assert.Contains("50 upload initiations per minute", (await limited.ReadAsJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.InRange(int.Parse(limited.Context.Response.Headers.RetryAfter.Single()!), 1, 60);

        // Reads are limited separately (100/min) and still work; another user is unaffected.
        await api.Scenario(s => s.Get.Url($"/api/projects/{tenant.ProjectId}/uploads"));
        var other = await tenant.LoginAsync("constructora");
        await Initiate(other, tenant.ProjectId, "g.jpg", s => s.StatusCodeShouldBe(HttpStatusCode.Created));
    }

    [Fact]
    public async Task Calls_without_a_token_are_limited_per_address_with_their_own_limit()
    {
        var tenant = await system.NewTenant().CreateAsync();
        await using var api = await TestHosts.StartApiAsync(new Dictionary<string, string?>(system.Settings) { ["RateLimits:AnonymousRequestsPerMinute"] = "3" });
        for (var i = 0; i < 3; i++)
            await api.Scenario(s =>
            {
                s.Post.Json(new { email = "nadie@test.buildpeer.lat", password = "x" }).ToUrl("/api/auth/login");
                s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
            });

        var limited = await api.Scenario(s =>
        {
            s.Post.Json(new { email = tenant.Users["empleado"].Email, password = TestTenant.Password }).ToUrl("/api/auth/login");
            s.ProblemShouldBe(HttpStatusCode.TooManyRequests);
        });
        Assert.Contains("per IP address", (await limited.ReadAsJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_over_1_MB_is_a_413_and_deeply_nested_json_a_400()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        await api.Scenario(s =>
        {
            s.Post.RawJson("{\"fileName\":\"" + new string('a', 1_100_000) + "\"}").ToUrl($"/api/projects/{tenant.ProjectId}/uploads");
            s.ProblemShouldBe(HttpStatusCode.RequestEntityTooLarge);
        });
        await api.Scenario(s =>
        {
            s.Post.RawJson(new string('[', 5000) + new string(']', 5000)).ToUrl($"/api/projects/{tenant.ProjectId}/uploads");
            s.ProblemShouldBe(HttpStatusCode.BadRequest);
        });
    }
}
