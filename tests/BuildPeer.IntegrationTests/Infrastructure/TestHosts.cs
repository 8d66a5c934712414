using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;

namespace BuildPeer.IntegrationTests.Infrastructure;

/// <summary>The API and the Processing worker hosted in process by Alba, started with the given settings.</summary>
public static class TestHosts
{
    // Processing's Program ends in RunJasperFxCommands, which under a test host must start the host itself.
    static TestHosts() => JasperFxEnvironment.AutoStartHost = true;

    public static Task<IAlbaHost> StartApiAsync(Dictionary<string, string?> settings) =>
        AlbaHost.For<Api.Program>(builder => Use(builder, settings));

    public static Task<IAlbaHost> StartProcessingAsync(Dictionary<string, string?> settings) =>
        AlbaHost.For<Processing.Program>(builder => Use(builder, settings));

    /// <summary>UseSetting (not ConfigureAppConfiguration): Program reads some settings before Build().</summary>
    public static void Use(IWebHostBuilder builder, Dictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}
