using Alba;
using BuildPeer.IntegrationTests.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Json;

/// <summary>
/// Alba reads and writes JSON with the options the API configures (ConfigureHttpJsonOptions: web defaults and enums
/// as strings), so a test reads a response as the API's own clients do.
/// </summary>
public sealed class AlbaJsonOptionsTests
{
    public sealed record Reading(DayOfWeek Day);

    /// <summary>Answers GET /test/enum with an enum written by the API's own JSON options.</summary>
    private sealed class EnumEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path == "/test/enum") await context.Response.WriteAsJsonAsync(new Reading(DayOfWeek.Friday));
                else await nextMiddleware();
            });
            next(app);
        };
    }

    [Fact]
    public async Task An_enum_the_API_writes_as_a_string_reads_back_through_Alba()
    {
        await using var host = await AlbaHost.For<Api.Program>(builder =>
        {
            DocumentOnlyApi.Configure(builder, settings: null, environment: null);
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new EnumEndpoint()));
        });

        var result = await host.Scenario(s => s.Get.Url("/test/enum"));

        Assert.Equal("""{"day":"Friday"}""", await result.ReadAsTextAsync());
        Assert.Equal(DayOfWeek.Friday, (await result.ReadAsJsonAsync<Reading>())!.Day);
    }
}
