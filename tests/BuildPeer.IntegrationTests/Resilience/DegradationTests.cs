using System.Net;
using System.Text.Json;
using Alba;
using BuildPeer.TestSupport;
using BuildPeer.IntegrationTests.Infrastructure;
using Npgsql;

namespace BuildPeer.IntegrationTests.Resilience;

[Collection(SystemCollection.Name)]
public sealed class DegradationTests(BuildPeerSystem system)
{
    [Fact]
    public async Task With_the_database_down_the_api_answers_503_with_retry_after_and_health_names_the_database()
    {
        var settings = new Dictionary<string, string?>(system.Settings)
        {
            ["ConnectionStrings:uploadsdb"] = new NpgsqlConnectionStringBuilder(system.Deps.OwnerConnectionString) { Port = FreePort.Next(), Timeout = 2 }.ConnectionString,
            ["Database:StartupWait"] = "00:00:01",
        };
        await using var api = await TestHosts.StartApiAsync(settings);

        var health = await api.Scenario(s =>
        {
            s.Get.Url("/health");
            s.StatusCodeShouldBe(HttpStatusCode.ServiceUnavailable);
        });
        var checks = JsonDocument.Parse(await health.ReadAsTextAsync()).RootElement.GetProperty("checks");
        // Aspire.Npgsql names its check "PostgreSql".
        Assert.Equal("Unhealthy", checks.GetProperty("PostgreSql").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
        await api.Scenario(s => s.Get.Url("/alive"));

        var login = await api.Scenario(s =>
        {
            s.Post.RawJson("{\"email\":\"a@b.c\",\"password\":\"x\"}").ToUrl("/api/auth/login");
            s.ProblemShouldBe(HttpStatusCode.ServiceUnavailable);
        });
        Assert.Contains("database", (await login.ReadAsJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal("5", login.Context.Response.Headers.RetryAfter.Single());
    }
}
