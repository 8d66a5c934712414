using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildPeer.IntegrationTests.OpenApi;

/// <summary>
/// The API without its dependencies: no background service runs (migrations, listeners, the outbox relay), so it
/// starts in a second with nothing to reach. Enough for what needs no database: the OpenAPI document, the Scalar
/// page, the web page's files, and problems answered before a handler runs.
/// </summary>
public static class DocumentOnlyApi
{
    public static Task<IAlbaHost> StartAsync(Dictionary<string, string?>? settings = null, string? environment = null) =>
        AlbaHost.For<Api.Program>(builder => Configure(builder, settings, environment));

    public static void Configure(IWebHostBuilder builder, Dictionary<string, string?>? settings, string? environment)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:uploadsdb"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
            ["Jwt:SigningKey"] = Infrastructure.TestConfiguration.JwtKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? []) all[key] = value;
        if (environment is not null) builder.UseEnvironment(environment);
        Infrastructure.TestHosts.Use(builder, all);
        builder.ConfigureTestServices(services =>
        {
            foreach (var background in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name != "GenericWebHostService").ToList())
                services.Remove(background);
        });
    }
}
