using BuildPeer.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>A test class that drives the web page: one Chromium session per test, closed after it.</summary>
public abstract class BrowserTest(BuildPeerSystem system) : IAsyncLifetime
{
    /// <summary>How long a file may take to go through the pipeline on screen.</summary>
    protected static readonly LocatorAssertionsToHaveCountOptions Pipeline = new() { Timeout = 120_000 };

    /// <summary>The system under test (the collection's fixture).</summary>
    protected BuildPeerSystem Platform { get; } = system;

    protected BrowserSession Browser { get; private set; } = null!;

    public async Task InitializeAsync() => Browser = await BrowserSession.StartAsync(Platform);

    public async Task DisposeAsync() => await Browser.DisposeAsync();
}
