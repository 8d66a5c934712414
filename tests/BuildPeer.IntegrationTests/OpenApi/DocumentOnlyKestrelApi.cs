using System.Net;
using BuildPeer.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BuildPeer.IntegrationTests.OpenApi;

/// <summary>The <see cref="DocumentOnlyApi"/> on a loopback port, for a browser (which cannot reach TestServer).</summary>
public sealed class DocumentOnlyKestrelApi : WebApplicationFactory<Api.Program>
{
    public DocumentOnlyKestrelApi()
    {
        Port = FreePort.Next();
        UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
        StartServer();
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    protected override void ConfigureWebHost(IWebHostBuilder builder) => DocumentOnlyApi.Configure(builder, settings: null, environment: null);
}
