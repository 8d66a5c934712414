using Microsoft.Playwright;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// The page PUTs bytes straight to storage, cross-origin, which needs the bucket's CORS rule (AllowedOrigins: the
/// page, AllowedMethods: PUT/GET, ExposeHeaders: ETag), as the production bucket has. fauxqs 1.9.2 implements no
/// CORS at all (no preflight answer, no Access-Control-* headers), so when it does not answer a preflight, the
/// test browser applies that same rule to the emulator's responses; Playwright answers Chromium's preflights for
/// routed requests itself. When the emulator answers CORS on its own, nothing is changed.
/// </summary>
public static class StorageCors
{
    private static readonly HttpClient Http = new();

    public static async Task AllowAsync(IBrowserContext context, string storageUrl, string pageOrigin)
    {
        if (await AnswersPreflightAsync(storageUrl, pageOrigin)) return;
        await context.RouteAsync($"{storageUrl}/**", async route =>
        {
            var response = await route.FetchAsync();
            var headers = new Dictionary<string, string>(response.Headers)
            {
                ["access-control-allow-origin"] = pageOrigin,
                ["access-control-expose-headers"] = "ETag",
            };
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Headers = headers });
        });
    }

    public static async Task<bool> AnswersPreflightAsync(string storageUrl, string pageOrigin)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"{storageUrl}/buildpeer-it/probe");
        preflight.Headers.Add("Origin", pageOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await Http.SendAsync(preflight);
        return response.IsSuccessStatusCode && response.Headers.Contains("Access-Control-Allow-Origin");
    }
}
