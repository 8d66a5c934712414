using System.Collections.Concurrent;
using System.Web;
using BuildPeer.IntegrationTests.Client;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// The page on a link that drops (benchmark 6): Uppy sends a single PUT — every photo — once, and retries a part
/// four times within 9 s; the page now retries every storage PUT like the CLI does and asks for 5 MiB parts.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SiteLinkUploadTests(BuildPeerSystem system) : BrowserTest(system)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_photo_and_a_plan_part_whose_connections_a_drop_resets_arrive_without_anyone_retrying_in_5_MiB_parts()
    {
        var tenant = await Platform.NewTenant().CreateAsync();
        using var dir = new TemporaryDirectory();
        var photo = WebPageTests.Rename(await SampleFiles.PhotoWithGpsAsync(dir.Path, 1000, 750), "zapata-z3.jpg");
        var plan = Path.Combine(dir.Path, "memoria-calculo.docx");
        await File.WriteAllBytesAsync(plan, RandomDocx.Bytes(12 * MiB + 999, seed: 121));
        var page = await Browser.NewPageAsync();
        await WebPageTests.SignInAsync(page, tenant, "empleado");
        await WebPageTests.OpenProjectAsync(page);

        var puts = new ConcurrentQueue<(string What, bool Reset)>();
        var reset = new ConcurrentDictionary<string, bool>();
        await page.Context.RouteAsync(url => url.Contains("X-Amz-Signature", StringComparison.Ordinal), async route =>
        {
            if (route.Request.Method != "PUT") { await route.ContinueAsync(); return; }
            var partNumber = HttpUtility.ParseQueryString(new Uri(route.Request.Url).Query)["partNumber"];
            var what = partNumber is null ? "single PUT" : $"part {partNumber}";
            // The first try of the photo and of part 2 meet a drop; everything else goes through.
            var cut = (what == "single PUT" || what == "part 2") && reset.TryAdd(what, true);
            puts.Enqueue((what, cut));
            if (cut) await route.AbortAsync("connectionreset");
            else await route.ContinueAsync();
        });

        await page.Locator(".uppy-Dashboard-input").First.SetInputFilesAsync([photo, plan]);
        await page.Locator(".uppy-StatusBar-actionBtn--upload").ClickAsync();

        try
        {
            await Expect(page.Locator("[data-testid=card][data-status=Processed]")).ToHaveCountAsync(2, Pipeline);
        }
        catch (PlaywrightException)
        {
            await Browser.PageScreenshotAsync(page, "site-link-failure.png");
            throw new Xunit.Sdk.XunitException($"the files did not reach Processed; PUTs: {string.Join(", ", puts)}\n{Browser.ConsoleText()}");
        }
        Assert.Equal(2, puts.Count(p => p.What == "single PUT"));                  // reset, then sent again
        Assert.Equal(2, puts.Count(p => p.What == "part 2"));
        Assert.Equal(["part 1", "part 2", "part 3"], puts.Where(p => p.What.StartsWith("part ")).Select(p => p.What).Distinct().Order());
        Assert.Equal(2, puts.Count(p => p.Reset));
    }
}
