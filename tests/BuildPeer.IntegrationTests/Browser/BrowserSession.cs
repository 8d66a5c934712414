using BuildPeer.TestSupport;
using BuildPeer.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright's bundled driver (no browser download), against the API on a real port.
/// Screenshots and, on failure, the page's console go to TestResults/browser/ at the repository root.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public static readonly string ArtifactsDirectory = Path.Combine(RepositoryPaths.Root, "TestResults", "browser");

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    public KestrelApi Api { get; }
    public List<string> Console { get; } = [];

    private BrowserSession(IPlaywright playwright, IBrowser browser, KestrelApi api)
    {
        _playwright = playwright;
        _browser = browser;
        Api = api;
    }

    public static async Task<BrowserSession> StartAsync(BuildPeerSystem system)
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/install-prerequisites.sh (it installs Debian's chromium for the browser tests).");
        var page = Path.Combine(RepositoryPaths.Root, "BuildPeer.Api", "wwwroot", "app.js");
        if (!File.Exists(page))
            throw new InvalidOperationException($"{page} is missing: the web page was not built. Run scripts/install-prerequisites.sh, then build again.");

        var api = new KestrelApi(new Dictionary<string, string?>(system.Settings));
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ArtifactsDirectory);
        return new BrowserSession(playwright, browser, api);
    }

    /// <summary>A fresh profile (no session, no Golden Retriever state) with the given viewport and browser language.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null, string locale = "es-MX", bool mobile = false)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Api.BaseUrl,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            Locale = locale,
            IsMobile = mobile,
            HasTouch = mobile,
        });
        context.SetDefaultTimeout(30_000);
        return Watch(await context.NewPageAsync());
    }

    /// <summary>Keeps the page's console, errors and failed requests for failure messages.</summary>
    public IPage Watch(IPage page)
    {
        page.Console += (_, m) => { lock (Console) Console.Add($"{m.Type}: {m.Text}"); };
        page.PageError += (_, e) => { lock (Console) Console.Add($"pageerror: {e}"); };
        page.Response += (_, r) => { if (r.Status >= 400) lock (Console) Console.Add($"HTTP {r.Status}: {r.Request.Method} {r.Url}"); };
        page.RequestFailed += (_, r) => { lock (Console) Console.Add($"failed: {r.Method} {r.Url} {r.Failure}"); };
        return page;
    }

    public async Task<string> ScreenshotAsync(ILocator what, string name)
    {
        var path = Path.Combine(ArtifactsDirectory, name);
        await what.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        System.Console.WriteLine($"screenshot: {path}");
        return path;
    }

    public async Task<string> PageScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ArtifactsDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        System.Console.WriteLine($"screenshot: {path}");
        return path;
    }

    public string ConsoleText()
    {
        lock (Console) return string.Join("\n", Console);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await Api.DisposeAsync();
    }
}
