using System.Net;
using BuildPeer.TestSupport;
using BuildPeer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// A second API instance on a real loopback port (Kestrel instead of the in-memory TestServer), for clients that run
/// as child processes. It shares the system's database, storage and queues, as a second replica would.
/// </summary>
public sealed class KestrelApiFactory(Dictionary<string, string?> settings) : WebApplicationFactory<Api.Program>
{
    public int Port { get; } = FreePort.Next();

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    public static KestrelApiFactory Start(BuildPeerSystem system) => Start(system.Settings);

    /// <summary>An instance with its own settings (another queue, say) over the same dependencies.</summary>
    public static KestrelApiFactory Start(Dictionary<string, string?> settings)
    {
        var factory = new KestrelApiFactory(settings);
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, factory.Port));
        factory.StartServer();
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}
