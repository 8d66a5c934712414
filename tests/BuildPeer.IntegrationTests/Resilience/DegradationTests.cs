using System.Net;
using System.Text.Json;
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
        await using var api = new ApiFactory(settings);
        var client = api.CreateClient();

        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var checks = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        // Aspire.Npgsql names its check "PostgreSql".
        Assert.Equal("Unhealthy", checks.GetProperty("PostgreSql").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);

        var login = await client.PostAsync("/api/auth/login", JsonContent("{\"email\":\"a@b.c\",\"password\":\"x\"}"));
        var problem = await Task.FromResult(login).ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("database", problem.GetProperty("detail").GetString());
        Assert.Equal("5", login.Headers.GetValues("Retry-After").Single());
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
