using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;

namespace BuildPeer.Bench.Client;

/// <summary>
/// The web page as a person on site uses it: Debian's headless Chromium signs in, opens the project, adds one file
/// to Uppy, presses upload and watches the file's card until it ends. Every connection it makes to the API and to
/// storage goes through the bad-link benchmark's shaped link: Chromium's host resolver maps the API's and storage's
/// ports to the link's (<c>--host-resolver-rules</c>), so Host headers and presigned URLs stay as signed.
/// </summary>
public sealed class WebPageClient : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly string[] FinalStatuses = ["Processed", "Failed", "Quarantined"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;

    private WebPageClient(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
    }

    public static bool Available => File.Exists(ChromiumPath);

    /// <param name="through">Each origin the page talks to (API, storage) and the link's endpoint that reaches it.</param>
    public static async Task<WebPageClient> StartAsync(string apiBaseUrl, IReadOnlyList<(Uri Origin, DnsEndPoint Link)> through,
        string email, string password, string projectName)
    {
        var rules = string.Join(", ", through.Select(t => $"MAP {t.Origin.Host}:{t.Origin.Port} {t.Link.Host}:{t.Link.Port}"));
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", $"--host-resolver-rules={rules}"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = apiBaseUrl, Locale = "es-MX" });
        // Through a 1 Mbit/s link that drops, loading the page and signing in take their time too.
        context.SetDefaultTimeout(180_000);
        var page = await context.NewPageAsync();
        var client = new WebPageClient(playwright, browser, page);
        try
        {
            await page.GotoAsync("/");
            await page.Locator("input[name=email]").FillAsync(email);
            await page.Locator("input[name=password]").FillAsync(password);
            await page.Locator("form.login button[type=submit]").ClickAsync();
            await page.Locator("[data-testid=who]").WaitForAsync();
            await page.Locator("[data-testid=project]", new() { HasText = projectName }).ClickAsync();
            await page.Locator(".uppy-Dashboard-input").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
            return client;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            var what = await client.DescribeAsync();
            await client.DisposeAsync();
            throw new InvalidOperationException($"the web page did not open the project: {e.Message}\n{what}", e);
        }
    }

    /// <summary>Adds the file, presses upload, and waits for its card to reach a final status or Uppy to give up on it.</summary>
    public async Task<(bool Processed, double Seconds, string? Error)> UploadAndWaitAsync(string path, TimeSpan timeout, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        // After an upload Uppy's dashboard shows "Done" and no file input until it is pressed, as a person would.
        var done = _page.Locator(".uppy-StatusBar-actionBtn--done");
        if (await done.CountAsync() > 0 && await done.First.IsVisibleAsync()) await done.First.ClickAsync();
        try
        {
            await _page.Locator(".uppy-Dashboard-input").First.SetInputFilesAsync(path);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException($"the web page did not take {name}: {e.Message}\n{await DescribeAsync()}", e);
        }
        var clock = Stopwatch.StartNew();
        await _page.Locator(".uppy-StatusBar-actionBtn--upload").ClickAsync();
        var card = _page.Locator("[data-testid=card]", new() { HasText = name });
        var failedInUppy = _page.Locator(".uppy-Dashboard-Item.is-error", new() { HasText = name });
        while (clock.Elapsed < timeout)
        {
            ct.ThrowIfCancellationRequested();
            var status = await card.CountAsync() > 0 ? await card.First.GetAttributeAsync("data-status") : null;
            if (status is not null && FinalStatuses.Contains(status))
                return (status == "Processed", clock.Elapsed.TotalSeconds, status == "Processed" ? null : status);
            if (await failedInUppy.CountAsync() > 0)
                return (false, clock.Elapsed.TotalSeconds, "the page gave up: " + await UppyErrorAsync(name));
            await Task.Delay(500, ct);
        }
        return (false, clock.Elapsed.TotalSeconds, $"not final after {timeout.TotalMinutes:0} min");
    }

    private async Task<string> UppyErrorAsync(string name)
    {
        var message = _page.Locator(".uppy-Dashboard-Item.is-error", new() { HasText = name }).Locator(".uppy-Dashboard-Item-errorMessage");
        return await message.CountAsync() > 0 ? (await message.First.InnerTextAsync()).Trim() : "upload error";
    }

    /// <summary>Where the page is and what it says, for a harness failure; a screenshot goes to the temp folder.</summary>
    private async Task<string> DescribeAsync()
    {
        var shot = Path.Combine(Path.GetTempPath(), $"bench-webpage-{DateTime.UtcNow:HHmmss}.png");
        try
        {
            await _page.ScreenshotAsync(new() { Path = shot, Timeout = 10_000 });
            var text = await _page.Locator("body").InnerTextAsync(new() { Timeout = 10_000 });
            return $"page {_page.Url} (screenshot {shot}) says: {text[..Math.Min(text.Length, 800)]}";
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            return $"page {_page.Url} could not be read: {e.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
