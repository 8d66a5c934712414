using System.Net;
using BuildPeer.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildPeer.IntegrationTests.OpenApi;

/// <summary>
/// The API without its dependencies: no background service runs (migrations, listeners, the outbox relay), so it
/// starts in a second with nothing to reach. Enough for what needs no database: the OpenAPI document, the Scalar
/// page, the web page's files, and problems answered before a handler runs. On a loopback port when a browser needs it.
/// </summary>
public sealed class DocumentOnlyApi : WebApplicationFactory<Api.Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string? _environment;

    public DocumentOnlyApi(Dictionary<string, string?>? settings = null, string? environment = null, bool kestrel = false)
    {
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:uploadsdb"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
            ["Jwt:SigningKey"] = Infrastructure.TestConfiguration.JwtKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
        _environment = environment;
        if (kestrel)
        {
            Port = FreePort.Next();
            UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
            StartServer();
        }
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (_environment is not null) builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            foreach (var background in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name != "GenericWebHostService").ToList())
                services.Remove(background);
        });
    }
}
