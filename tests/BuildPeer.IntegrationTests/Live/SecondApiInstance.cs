using Alba;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Live;

/// <summary>
/// Another API instance on the same database, storage and queues (what a second ECS task is): same settings, its own
/// LISTEN connection and subscriber hub. A short heartbeat so a test can see one.
/// </summary>
public sealed class SecondApiInstance(BuildPeerSystem system) : IAsyncLifetime
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(300);

    private IAlbaHost? _api;

    public IAlbaHost Api => _api ?? throw new InvalidOperationException("The second API instance has not started.");

    public async Task InitializeAsync() => _api = await TestHosts.StartApiAsync(new Dictionary<string, string?>(system.Settings)
    {
        ["Live:HeartbeatInterval"] = Heartbeat.ToString(),
    });

    /// <summary>An HttpClient for an event stream on this instance, signed in as the tenant's user of that role.</summary>
    public async Task<HttpClient> StreamClientAsync(TestTenant tenant, string role) => (await tenant.LoginAsync(role, Api)).CreateHttpClient();

    public async Task DisposeAsync()
    {
        if (_api is not null) await _api.DisposeAsync();
    }
}
