using System.Collections.Concurrent;
using System.Security.Cryptography;
using BuildPeer.Client;
using BuildPeer.Client.Files;
using BuildPeer.Client.Progress;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// BuildPeer.Client against the in-process API, its storage traffic through a <see cref="FaultyProxy"/> in front of
/// the emulator, with every API call and client event recorded, and a state folder that survives between clients.
/// </summary>
public sealed class ClientHarness : IAsyncDisposable
{
    private readonly BuildPeerSystem _system;
    private readonly List<IDisposable> _owned = [];
    private HttpClient? _apiHttp;

    private ClientHarness(BuildPeerSystem system, TestTenant tenant, string token, ApiUser api)
    {
        _system = system;
        Tenant = tenant;
        Token = token;
        Api = api;
        Proxy = new FaultyProxy(system.Deps.FauxqsPort);
    }

    public TestTenant Tenant { get; }
    public string Token { get; }
    /// <summary>The empleado, for checking results with Alba scenarios.</summary>
    public ApiUser Api { get; }
    public FaultyProxy Proxy { get; }
    public TemporaryDirectory Folder { get; } = new("client");
    public string StateDirectory => Path.Combine(Folder.Path, "state");
    public ApiCallRecorder ApiCalls { get; } = new();
    public ConcurrentQueue<UploadEvent> Events { get; } = new();

    public static async Task<ClientHarness> StartAsync(BuildPeerSystem system)
    {
        var tenant = await system.NewTenant().CreateAsync();
        using var http = system.Api.Server.CreateClient();
        var login = await BuildPeerClient.LoginAsync(http, tenant.Users["empleado"].Email, TestTenant.Password);
        return new ClientHarness(system, tenant, login.AccessToken, await tenant.LoginAsync("empleado"));
    }

    /// <summary>A client as a new run of the program would make it (same state folder).</summary>
    public BuildPeerClient NewClient(Func<BuildPeerClientOptions, BuildPeerClientOptions>? configure = null)
    {
        var options = new BuildPeerClientOptions
        {
            StateDirectory = StateDirectory,
            StorageConnectTo = Proxy.EndPoint,
            PollInterval = TimeSpan.FromMilliseconds(200),
            WaitTimeout = TimeSpan.FromMinutes(2),
            OnEvent = Events.Enqueue,
        };
        if (_apiHttp is null) // one recorder, one HttpClient on the in-process API, shared by every run
        {
            ApiCalls.InnerHandler = _system.Api.Server.CreateHandler();
            _apiHttp = new HttpClient(ApiCalls) { BaseAddress = _system.Api.Server.BaseAddress };
        }
        var client = new BuildPeerClient(_apiHttp, Token, configure?.Invoke(options) ?? options);
        _owned.Add(client);
        return client;
    }

    /// <summary>A .docx of <see cref="Client.RandomDocx"/> bytes, and its SHA-256.</summary>
    public (UploadFile File, string Sha256) RandomDocx(string name, long size, int seed = 1)
    {
        var bytes = Client.RandomDocx.Bytes(size, seed);
        var path = Folder.File(name);
        File.WriteAllBytes(path, bytes);
        return (UploadFile.From(path), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned) owned.Dispose();
        _apiHttp?.Dispose();
        await Proxy.DisposeAsync();
        Folder.Dispose();
    }
}
