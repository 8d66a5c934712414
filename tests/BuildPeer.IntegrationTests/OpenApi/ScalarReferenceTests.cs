using System.Net;
using Alba;
using BuildPeer.IntegrationTests.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuildPeer.IntegrationTests.OpenApi;

/// <summary>
/// The Scalar reference page in Debian's Chromium, with every request that leaves the machine refused: its script
/// comes from the Scalar.AspNetCore package, so it renders the document offline. Also: off in production unless
/// configured, and linked from the web page's footer when it is on.
/// </summary>
public sealed class ScalarReferenceTests
{
    [Fact]
    public async Task The_reference_renders_the_document_offline_and_lists_the_upload_endpoints()
    {
        await using var api = new DocumentOnlyKestrelApi();
        await using var browser = await StartBrowserAsync();
        var (page, external) = await OfflinePageAsync(browser, api);

        var script = page.WaitForResponseAsync(r => r.Url.EndsWith("/scalar/scalar.js", StringComparison.Ordinal));
        await page.GotoAsync($"{api.BaseUrl}/scalar");
        Assert.Equal(200, (await script).Status);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "BuildPeer Uploads API" })).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // The sidebar lists the Uploads group's operations by their summaries once the group is opened.
        var sidebar = page.GetByRole(AriaRole.Complementary);
        await sidebar.GetByRole(AriaRole.Button, new() { Name = "Open Group - Uploads" }).ClickAsync();
        foreach (var (method, path, summary) in new[]
        {
            ("POST", "/api/projects/{projectId}/uploads", "Start an upload (or a batch)"),
            ("POST", "/api/uploads/{uploadId}/complete", "Complete: check the stored bytes"),
            ("GET", "/api/uploads/{uploadId}/parts", "What storage holds and what is missing"),
            ("POST", "/api/uploads/{uploadId}/parts/sign", "Fresh part URLs"),
        })
        {
            var link = sidebar.Locator($"a[href='#tag/uploads/{method}{path}']");
            await Expect(link).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(link).ToContainTextAsync(summary);
        }

        // The operation itself, with its multipart ticket example.
        await sidebar.Locator("a[href='#tag/uploads/POST/api/projects/{projectId}/uploads']").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Main).GetByText("Start an upload (or a batch)").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        Directory.CreateDirectory(BrowserSession.ArtifactsDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ArtifactsDirectory, "scalar-reference.png") });
        Assert.True(external.IsEmpty, "requests that left the machine: " + string.Join(", ", external));
    }

    [Fact]
    public async Task The_web_page_footer_links_the_reference_and_the_document()
    {
        var webPage = Path.Combine(BuildPeer.TestSupport.RepositoryPaths.Root, "BuildPeer.Api", "wwwroot", "app.js");
        if (!File.Exists(webPage)) throw new InvalidOperationException($"{webPage} is missing: the web page was not built (npm run build --prefix web).");
        await using var api = new DocumentOnlyKestrelApi();
        await using var browser = await StartBrowserAsync();
        var (page, _) = await OfflinePageAsync(browser, api);

        await page.GotoAsync(api.BaseUrl + "/");
        var reference = page.Locator("footer [data-testid=api-reference]");
        await Expect(reference).ToBeVisibleAsync();
        await Expect(page.Locator("footer [data-testid=api-document]")).ToHaveAttributeAsync("href", "openapi/v1.json");
        await reference.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/scalar/?$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "BuildPeer Uploads API" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task Production_serves_the_reference_only_when_configured()
    {
        await using (var off = await DocumentOnlyApi.StartAsync(environment: "Production"))
        {
            await off.Scenario(s =>
            {
                s.Get.Url("/scalar");
                s.StatusCodeShouldBe(HttpStatusCode.NotFound);
            });
            await off.Scenario(s => s.Get.Url("/openapi/v1.json"));
        }

        await using var on = await DocumentOnlyApi.StartAsync(new() { ["OpenApi:Reference"] = "true" }, environment: "Production");
        // /scalar redirects to /scalar/ (Alba does not follow redirects; the page is where it points).
        var redirect = await on.Scenario(s =>
        {
            s.Get.Url("/scalar");
            s.StatusCodeShouldBe(HttpStatusCode.Redirect);
        });
        var page = new Uri(new Uri("http://localhost/scalar"), redirect.Context.Response.Headers.Location.Single()).PathAndQuery;
        await on.Scenario(s =>
        {
            s.Get.Url(page);
            s.ContentShouldContain("scalar.js");
        });
    }

    private static async Task<BrowserHandle> StartBrowserAsync()
    {
        if (!File.Exists(BrowserSession.ChromiumPath))
            throw new InvalidOperationException($"{BrowserSession.ChromiumPath} is missing: run scripts/install-prerequisites.sh.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserSession.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new BrowserHandle(playwright, browser);
    }

    /// <summary>A page whose requests to anything but the API are aborted and recorded.</summary>
    private static async Task<(IPage Page, System.Collections.Concurrent.ConcurrentQueue<string> External)> OfflinePageAsync(BrowserHandle browser, DocumentOnlyKestrelApi api)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "es-MX" });
        var external = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(api.BaseUrl, StringComparison.Ordinal)) await route.ContinueAsync();
            else
            {
                external.Enqueue(route.Request.Url);
                await route.AbortAsync("internetdisconnected");
            }
        });
        return (await context.NewPageAsync(), external);
    }

    private sealed record BrowserHandle(IPlaywright Playwright, IBrowser Browser) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }
}
