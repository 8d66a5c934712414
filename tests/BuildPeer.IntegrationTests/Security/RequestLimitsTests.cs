using System.Net;
using System.Net.Http.Json;
using System.Text;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Security;

[Collection(SystemCollection.Name)]
public sealed class RequestLimitsTests(BuildPeerSystem system)
{
    [Fact]
    public async Task The_51st_initiation_in_a_minute_is_a_429_with_retry_after()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        for (var i = 0; i < 50; i++)
            await api.PostAsJsonAsync($"/api/projects/{tenant.ProjectId}/uploads", new { fileName = $"f{i}.jpg", contentType = "image/jpeg", size = 10 })
                .ExpectAsync(HttpStatusCode.Created);

        var limited = await api.PostAsJsonAsync($"/api/projects/{tenant.ProjectId}/uploads", new { fileName = "f.jpg", contentType = "image/jpeg", size = 10 });
        var problem = await Task.FromResult(limited).ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("50 upload initiations per minute", problem.GetProperty("detail").GetString());
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single()), 1, 60);

        // Reads are limited separately (100/min) and still work; another user is unaffected.
        await api.GetAsync($"/api/projects/{tenant.ProjectId}/uploads").ExpectAsync(HttpStatusCode.OK);
        var other = await tenant.LoginAsync("constructora");
        await other.PostAsJsonAsync($"/api/projects/{tenant.ProjectId}/uploads", new { fileName = "g.jpg", contentType = "image/jpeg", size = 10 })
            .ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Calls_without_a_token_are_limited_per_address_with_their_own_limit()
    {
        var tenant = await system.NewTenant().CreateAsync();
        await using var api = new ApiFactory(new Dictionary<string, string?>(system.Settings) { ["RateLimits:AnonymousRequestsPerMinute"] = "3" });
        var anonymous = api.CreateClient();
        for (var i = 0; i < 3; i++)
            await anonymous.PostAsJsonAsync("/api/auth/login", new { email = "nadie@test.buildpeer.lat", password = "x" }).ExpectAsync(HttpStatusCode.Unauthorized);

        var problem = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = tenant.Users["empleado"].Email, password = TestTenant.Password })
            .ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("per IP address", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_over_1_MB_is_a_413_and_deeply_nested_json_a_400()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var huge = new StringContent("{\"fileName\":\"" + new string('a', 1_100_000) + "\"}", Encoding.UTF8, "application/json");
        await api.PostAsync($"/api/projects/{tenant.ProjectId}/uploads", huge).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        var nested = new StringContent(new string('[', 5000) + new string(']', 5000), Encoding.UTF8, "application/json");
        await api.PostAsync($"/api/projects/{tenant.ProjectId}/uploads", nested).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
