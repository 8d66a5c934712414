using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>The buildpeer CLI as a user runs it: a real API port (Kestrel), its own config/state folders, storage through the proxy.</summary>
public sealed class CliHarness : IAsyncDisposable
{
    private CliHarness(KestrelApiFactory api, TestTenant tenant, ApiUser checks)
    {
        KestrelApi = api;
        Tenant = tenant;
        Api = checks;
    }

    public KestrelApiFactory KestrelApi { get; }
    public TestTenant Tenant { get; }
    /// <summary>The empleado on the in-process API, for checking results.</summary>
    public ApiUser Api { get; }
    public FaultyProxy Proxy { get; private set; } = null!;
    public TemporaryDirectory Folder { get; } = new("cli");

    public Dictionary<string, string> Environment => new()
    {
        ["BUILDPEER_CONFIG_DIR"] = Path.Combine(Folder.Path, "config"),
        ["BUILDPEER_STATE_DIR"] = Path.Combine(Folder.Path, "state"),
        ["BUILDPEER_STORAGE_CONNECT"] = $"127.0.0.1:{Proxy.Port}",
    };

    public static async Task<CliHarness> StartAsync(BuildPeerSystem system)
    {
        var api = KestrelApiFactory.Start(system);
        var tenant = await system.NewTenant().CreateAsync();
        return new CliHarness(api, tenant, await tenant.LoginAsync("empleado")) { Proxy = new FaultyProxy(system.Deps.FauxqsPort) };
    }

    public Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, params string[] args) => CliProcess.RunAsync(Environment, timeout, args);

    public async Task LoginAsync()
    {
        var (code, output) = await RunAsync(TimeSpan.FromSeconds(60), "login", "--api", KestrelApi.Address.ToString(),
            "--email", Tenant.Users["empleado"].Email, "--password", TestTenant.Password);
        Assert.True(code == 0, output);
        Assert.Contains("Signed in as", output);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await KestrelApi.DisposeAsync();
        Folder.Dispose();
    }
}
