using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>Photos taken on a site without signal wait in the browser and go up once the network is back.</summary>
[Collection(SystemCollection.Name)]
public sealed class OfflineQueueTests(BuildPeerSystem system) : BrowserTest(system)
{
    [Fact]
    public async Task Photos_added_offline_survive_a_closed_tab_and_are_each_processed_once_when_back_online()
    {
        var tenant = await Platform.NewTenant().CreateAsync();
        using var dir = new TemporaryDirectory();
        string[] names = ["columna-c4.jpg", "encofrado.jpg", "grieta-muro.jpg"];
        var photos = new List<string>();
        for (var i = 0; i < names.Length; i++)
            photos.Add(WebPageTests.Rename(await SampleFiles.PhotoWithGpsAsync(dir.Path, 900 + 100 * i, 700), names[i]));
        var first = await Browser.NewPageAsync();
        await WebPageTests.SignInAsync(first, tenant, "empleado");
        await WebPageTests.OpenProjectAsync(first);

        await first.Context.SetOfflineAsync(true);
        await first.Locator(".uppy-Dashboard-input").First.SetInputFilesAsync(photos.ToArray());
        await first.Locator(".uppy-StatusBar-actionBtn--upload").ClickAsync();
        var queue = first.Locator("[data-testid=offline-queue]");
        await Expect(queue).ToBeVisibleAsync();
        await Expect(queue).ToHaveAttributeAsync("data-count", "3");
        await Expect(queue).ToContainTextAsync("esperando señal");
        await first.WaitForTimeoutAsync(1500); // Golden Retriever writes its state and blobs a moment after a change
        Assert.Equal(0, await CountUploadsAsync(tenant));
        await first.CloseAsync(new PageCloseOptions { RunBeforeUnload = false });

        await first.Context.SetOfflineAsync(false);
        var second = Browser.Watch(await first.Context.NewPageAsync());
        await second.GotoAsync("/");
        await WebPageTests.OpenProjectAsync(second);

        try
        {
            await Expect(second.Locator("[data-testid=card][data-status=Processed]")).ToHaveCountAsync(3, Pipeline);
        }
        catch (PlaywrightException)
        {
            await Browser.PageScreenshotAsync(second, "offline-queue-failure.png");
            throw new Xunit.Sdk.XunitException($"the queued photos did not reach Processed: {await CountUploadsAsync(tenant)} uploads\n{Browser.ConsoleText()}");
        }
        await Expect(second.Locator("[data-testid=offline-queue]")).ToBeHiddenAsync();
        Assert.Equal(3, await CountUploadsAsync(tenant));
        foreach (var name in names)
            await Expect(second.Locator("[data-testid=card]", new() { HasText = name })).ToHaveCountAsync(1);
    }

    private async Task<long> CountUploadsAsync(TestTenant tenant)
    {
        await using var conn = new NpgsqlConnection(Platform.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from upload_status where tenant_id = @t", conn);
        cmd.Parameters.AddWithValue("t", tenant.TenantId);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
