using System.Net.Http.Headers;
using System.Net.Http.Json;
using BuildPeer.Api.Auth;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Live;

/// <summary>
/// Another API instance on the same database, storage and queues (what a second ECS task is): same settings, its own
/// LISTEN connection and subscriber hub. A short heartbeat so a test can see one.
/// </summary>
public sealed class SecondApiInstance(BuildPeerSystem system) : IAsyncDisposable
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(300);

    public ApiFactory Api { get; } = new(new Dictionary<string, string?>(system.Settings)
    {
        ["Live:HeartbeatInterval"] = Heartbeat.ToString(),
    });

    public async Task<HttpClient> LoginAsync(TestTenant tenant, string role)
    {
        var client = Api.CreateClient();
        var token = await LoginAsync(client, tenant, role);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<string> LoginAsync(HttpClient client, TestTenant tenant, string role)
    {
        var body = await client.PostAsJsonAsync("/api/auth/login", new { email = tenant.Users[role].Email, password = TestTenant.Password })
            .JsonAsync<LoginResponse>(System.Net.HttpStatusCode.OK);
        return body.AccessToken;
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
