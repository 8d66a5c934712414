using System.Net;
using BuildPeer.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// The API on a real loopback socket (a browser cannot reach TestServer), with the same settings as the system's
/// API: same database, storage and queue, so the system's Processing worker handles what it receives.
/// </summary>
public sealed class KestrelApi : WebApplicationFactory<Api.Program>
{
    private readonly Dictionary<string, string?> _settings;

    public KestrelApi(Dictionary<string, string?> settings)
    {
        _settings = settings;
        Port = FreePort.Next();
        UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
        StartServer();
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }
}
