using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>The web page in Debian's Chromium: Uppy straight to storage, live pipeline stages, the grid, roles, ops.</summary>
[Collection(SystemCollection.Name)]
public sealed class WebPageTests(BuildPeerSystem system) : BrowserTest(system)
{
    [Fact]
    public async Task Three_photos_and_a_PDF_go_through_Uppy_and_reach_Processed_on_screen_with_thumbnails()
    {
        var tenant = await Platform.NewTenant().CreateAsync();
        using var dir = new TemporaryDirectory();
        var files = new[]
        {
            Rename(await SampleFiles.PhotoWithGpsAsync(dir.Path), "fachada-norte.jpg"),
            Rename(await SampleFiles.PhotoWithGpsAsync(dir.Path, 1200, 900), "losa-piso-3.jpg"),
            await MotionPhotoAsync(dir.Path, "grua-motion.jpg"),
            Rename(await SampleFiles.PdfAsync(dir.Path, 3), "plano-estructural.pdf"),
        };
        var page = await Browser.NewPageAsync();
        await SignInAsync(page, tenant, "empleado");
        await OpenProjectAsync(page);

        await page.Locator(".uppy-Dashboard-input").First.SetInputFilesAsync(files);
        await page.Locator(".uppy-StatusBar-actionBtn--upload").ClickAsync();

        try
        {
            await Expect(page.Locator("[data-testid=pipeline-row][data-status=Processed]")).ToHaveCountAsync(4, Pipeline);
            await Expect(page.Locator("[data-testid=card][data-status=Processed]")).ToHaveCountAsync(4, Pipeline);
            await Expect(page.Locator("[data-testid=card] img[data-testid=thumbnail]")).ToHaveCountAsync(4);
            await page.WaitForFunctionAsync(
                "() => [...document.querySelectorAll('[data-testid=card] img')].every(i => i.complete && i.naturalWidth > 0)");
        }
        catch (Exception)
        {
            await Browser.PageScreenshotAsync(page, "upload-failure.png");
            throw new Xunit.Sdk.XunitException("The uploads did not reach Processed on screen. Events: " + await EventsAsync(tenant)
                + "\nBrowser console:\n" + Browser.ConsoleText());
        }

        // Each file lit up all three stages, in Spanish.
        foreach (var row in await page.Locator("[data-testid=pipeline-row]").AllAsync())
            await Expect(row.Locator(".stage.done")).ToHaveTextAsync(["Subido", "Escaneado", "Procesado"]);
        var photo = page.Locator("[data-testid=card]", new() { HasText = "fachada-norte.jpg" });
        await Expect(photo.Locator("[data-testid=map]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"mlat=19\.43"));
        await Expect(photo).ToContainTextAsync("Tomada el");
        await Expect(photo).ToContainTextAsync("Subido por ti");
        await Expect(page.Locator("[data-testid=card]", new() { HasText = "plano-estructural.pdf" })).ToContainTextAsync("3 páginas");

        // The big one went multipart: Uppy confirmed its parts through the API as they landed.
        Assert.Equal(2, await CountEventsAsync(tenant, "grua-motion.jpg", "upload_part_confirmed"));
        Assert.Equal(1, await CountEventsAsync(tenant, "fachada-norte.jpg", "upload_received"));

        var shot = await Browser.ScreenshotAsync(page.Locator("[data-testid=grid]"), "project-grid.png");
        Assert.True(new FileInfo(shot).Length > 10_000);
        await Browser.PageScreenshotAsync(page, "project-page.png");
    }

    [Fact]
    public async Task The_EICAR_test_file_shows_Quarantined_with_its_reason_and_no_thumbnail()
    {
        var tenant = await Platform.NewTenant().CreateAsync();
        using var dir = new TemporaryDirectory();
        var eicar = Path.Combine(dir.Path, "informe-eicar.pdf");
        await File.WriteAllBytesAsync(eicar, SampleFiles.Eicar);
        var page = await Browser.NewPageAsync();
        await SignInAsync(page, tenant, "constructora");
        await OpenProjectAsync(page);

        await page.Locator(".uppy-Dashboard-input").First.SetInputFilesAsync(eicar);
        await page.Locator(".uppy-StatusBar-actionBtn--upload").ClickAsync();

        var card = page.Locator("[data-testid=card][data-status=Quarantined]");
        await Expect(card).ToHaveCountAsync(1, Pipeline);
        await Expect(card.Locator("[data-testid=status]")).ToHaveTextAsync("En cuarentena");
        await Expect(card.Locator("[data-testid=why]")).ToContainTextAsync("Local.Test.EICAR");
        await Expect(card.Locator("img")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=pipeline-row] .stage.bad")).ToHaveTextAsync("Cuarentena");

        // Filters: by status, then by type.
        await page.Locator("[data-testid=filter-status]").SelectOptionAsync("Processed");
        await Expect(page.Locator("[data-testid=card]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=filter-status]").SelectOptionAsync("Quarantined");
        await Expect(page.Locator("[data-testid=card]")).ToHaveCountAsync(1);
        await page.Locator("[data-testid=filter-type]").SelectOptionAsync("photo");
        await Expect(page.Locator("[data-testid=card]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_tab_that_crashes_mid_upload_resumes_with_Golden_Retriever_without_sending_stored_parts_again()
    {
        var tenant = await Platform.NewTenant().CreateAsync();
        using var dir = new TemporaryDirectory();
        var big = await MotionPhotoAsync(dir.Path, "panoramica.jpg");
        var first = await Browser.NewPageAsync();
        await SignInAsync(first, tenant, "empleado");
        await OpenProjectAsync(first);

        // Part 2 never gets through (the network drops it, Uppy keeps retrying): the tab dies with part 1 stored and confirmed.
        await first.Context.RouteAsync(url => url.Contains("partNumber=2"), route => route.AbortAsync("connectionreset"));
        await first.Locator(".uppy-Dashboard-input").First.SetInputFilesAsync(big);
        await first.Locator(".uppy-StatusBar-actionBtn--upload").ClickAsync();
        await WaitAsync(async () => await CountEventsAsync(tenant, "panoramica.jpg", "upload_part_confirmed") == 1);
        await first.WaitForTimeoutAsync(1000); // Golden Retriever writes its state a moment after a change
        await first.CloseAsync(new PageCloseOptions { RunBeforeUnload = false });
        await first.Context.UnrouteAllAsync(new BrowserContextUnrouteAllOptions { Behavior = UnrouteBehavior.IgnoreErrors });

        var second = Browser.Watch(await first.Context.NewPageAsync());
        var partsSent = new List<string>();
        second.Request += (_, r) => { if (r.Method == "PUT" && r.Url.Contains("partNumber=")) lock (partsSent) partsSent.Add(r.Url); };
        await second.GotoAsync("/");
        await OpenProjectAsync(second);
        await Expect(second.Locator(".uppy-Dashboard-serviceMsg")).ToBeVisibleAsync();
        await second.Locator(".uppy-StatusBar-actionBtn--upload").ClickAsync();

        await Expect(second.Locator("[data-testid=card][data-status=Processed]")).ToHaveCountAsync(1, Pipeline);
        Assert.Equal(1, await CountEventsAsync(tenant, "panoramica.jpg", "upload_requested"));
        Assert.True((await ConfirmedPartsAsync(tenant, "panoramica.jpg")).SequenceEqual([1, 2]),
            $"parts confirmed: {string.Join(",", await ConfirmedPartsAsync(tenant, "panoramica.jpg"))}; parts sent by the new tab: {string.Join(" ", partsSent)}; events: {await EventsAsync(tenant)}\n{Browser.ConsoleText()}");
        Assert.All(partsSent, u => Assert.Contains("partNumber=2", u));
        Assert.Single(partsSent);
    }

    [Fact]
    public async Task An_investor_on_a_phone_sees_the_files_but_no_upload_or_delete_controls()
    {
        var tenant = await Platform.NewTenant().CreateAsync();
        using var dir = new TemporaryDirectory();
        await UploadDriver.UploadAsync(await tenant.LoginAsync("empleado"), tenant.ProjectId, "avance.png", "image/png",
            await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path)));

        var page = await Browser.NewPageAsync(new ViewportSize { Width = 390, Height = 844 }, locale: "en-US", mobile: true);
        await page.GotoAsync("/");
        await Expect(page.Locator("form.login h1")).ToContainTextAsync("Inicia sesión"); // Spanish by default
        await page.Locator("form.login select").SelectOptionAsync("pt");
        await Expect(page.Locator("form.login button[type=submit]")).ToHaveTextAsync("Entrar");
        await SignInAsync(page, tenant, "inversionista", navigate: false);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Seus projetos");
        await OpenProjectAsync(page);

        await Expect(page.Locator("[data-testid=card][data-status=Processed]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=read-only]")).ToBeVisibleAsync();
        await Expect(page.Locator(".uppy-Dashboard")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=delete]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=nav-ops]")).ToHaveCountAsync(0);
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page scrolls sideways on a phone ({width} px wide)");
        await Browser.PageScreenshotAsync(page, "investor-phone.png");
    }

    [Fact]
    public async Task The_ops_page_shows_the_uploads_failures_and_dependencies()
    {
        var tenant = await Platform.NewTenant().CreateAsync();
        var uploader = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var png = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        await UploadDriver.UploadAsync(uploader, tenant.ProjectId, "uno.png", "image/png", png);
        await UploadDriver.UploadAsync(uploader, tenant.ProjectId, "dos.png", "image/png", png);
        await UploadDriver.UploadAsync(uploader, tenant.ProjectId, "tres.pdf", "application/pdf", SampleFiles.Eicar);

        var page = await Browser.NewPageAsync();
        await SignInAsync(page, tenant, "constructora");
        await page.Locator("[data-testid=nav-ops]").ClickAsync();

        await Expect(page.Locator("[data-testid=kpi-received] .value")).ToHaveTextAsync("3", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=kpi-success] .value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("100"));
        await Expect(page.Locator("[data-testid=chart] rect.processed")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=activity] tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=activity] tbody tr")).ToContainTextAsync("Obra principal");
        await Expect(page.Locator("[data-testid=failures] tbody tr")).ToContainTextAsync("tres.pdf");
        await Expect(page.Locator("[data-testid=failures] tbody tr")).ToContainTextAsync("Local.Test.EICAR");
        await Expect(page.Locator("[data-testid=health] li", new() { HasText = "api/PostgreSql" }).Locator(".dot.Healthy")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=dead-letters] .value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));
        await Browser.PageScreenshotAsync(page, "ops.png");
    }

    [Fact]
    public async Task An_empleado_is_offered_Eliminar_only_where_the_API_allows_it_and_sees_why_a_delete_was_refused()
    {
        var tenant = await Platform.NewTenant().CreateAsync();
        var empleado = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var png = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        await UploadDriver.UploadAsync(empleado, tenant.ProjectId, "procesada.png", "image/png", png);
        var pending = await UploadDriver.InitiateAsync(empleado, tenant.ProjectId, "pendiente.png", "image/png", png.Length);
        await UploadDriver.InitiateAsync(await tenant.LoginAsync("constructora"), tenant.ProjectId, "de-otro.png", "image/png", png.Length);

        var page = await Browser.NewPageAsync();
        // No live stream: the page keeps showing "pendiente.png" as it was while it is processed behind its back.
        await page.RouteAsync("**/uploads/stream", route => route.AbortAsync());
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await SignInAsync(page, tenant, "empleado");
        await page.Locator("[data-testid=project]", new() { HasText = "Obra principal" }).ClickAsync();
        await Expect(page.Locator("[data-testid=card]")).ToHaveCountAsync(3);

        // Its own unprocessed file only: not its processed one, not another person's.
        await Expect(page.Locator("[data-testid=delete]")).ToHaveCountAsync(1);
        var card = page.Locator("[data-testid=card]", new() { HasText = "pendiente.png" });
        await Expect(card.Locator("[data-testid=delete]")).ToHaveCountAsync(1);

        await UploadDriver.PutAsync(pending, png);
        await UploadDriver.CompleteAsync(empleado, pending.UploadId);
        Assert.Equal("Processed", (await UploadDriver.WaitForFinalAsync(empleado, pending.UploadId)).Final.Status);
        await card.Locator("[data-testid=delete]").ClickAsync();

        await Expect(page.Locator("[data-testid=notice]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=notice]")).ToContainTextAsync("No se pudo: The upload is Processed; only a constructora can delete it now.");
        await Expect(card).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_Spanish_page_says_why_an_upload_failed_in_Spanish_and_labels_the_camera_button()
    {
        var tenant = await Platform.NewTenant().CreateAsync();
        using var dir = new TemporaryDirectory();
        var png = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        var failed = await UploadDriver.UploadAsync(await tenant.LoginAsync("empleado"), tenant.ProjectId, "plano.pdf", "application/pdf", png);
        Assert.Equal(("Failed", "content_mismatch"), (failed.Status, failed.FailureCode));

        var page = await Browser.NewPageAsync();
        await SignInAsync(page, tenant, "empleado");
        await OpenProjectAsync(page);

        var why = page.Locator("[data-testid=card]", new() { HasText = "plano.pdf" }).Locator("[data-testid=why]");
        await Expect(why).ToContainTextAsync("Falló en la etapa «procesamiento»: el contenido no corresponde al tipo declarado application/pdf");
        await Expect(why).Not.ToContainTextAsync("does not match");
        await Expect(page.Locator("[data-uppy-acquirer-id=MobilePhotoCamera]")).ToHaveTextAsync("Tomar foto");
    }

    internal static async Task SignInAsync(IPage page, TestTenant tenant, string role, bool navigate = true)
    {
        if (navigate) await page.GotoAsync("/");
        await page.Locator("input[name=email]").FillAsync(tenant.Users[role].Email);
        await page.Locator("input[name=password]").FillAsync(TestTenant.Password);
        await page.Locator("form.login button[type=submit]").ClickAsync();
        // A login hashes a password: on a busy shared machine it can take longer than the 5 s default.
        await Expect(page.Locator("[data-testid=who]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    internal static async Task OpenProjectAsync(IPage page)
    {
        await page.Locator("[data-testid=project]", new() { HasText = "Obra principal" }).ClickAsync();
        await Expect(page.Locator("[data-testid=live]")).ToHaveAttributeAsync("data-state", "live");
    }

    internal static string Rename(string path, string name)
    {
        var target = Path.Combine(Path.GetDirectoryName(path)!, name);
        File.Move(path, target);
        return target;
    }

    /// <summary>A phone's "motion photo": a JPEG with a video appended after its end marker (here 9 MiB of noise), so it goes multipart.</summary>
    private static async Task<string> MotionPhotoAsync(string directory, string name)
    {
        var photo = await File.ReadAllBytesAsync(await SampleFiles.PhotoWithGpsAsync(directory, 1000, 750));
        var video = new byte[9 * 1024 * 1024];
        new Random(42).NextBytes(video);
        var path = Path.Combine(directory, name);
        await File.WriteAllBytesAsync(path, [.. photo, .. video]);
        return path;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 60 s");
            await Task.Delay(200);
        }
    }

    private async Task<List<int>> ConfirmedPartsAsync(TestTenant tenant, string fileName)
    {
        await using var conn = new NpgsqlConnection(Platform.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select distinct (e.data->>'partNumber')::int from uploads.mt_events e join upload_status u on u.id = e.stream_id
            where u.tenant_id = @t and u.file_name = @name and e.type = 'upload_part_confirmed' order by 1
            """, conn);
        cmd.Parameters.AddWithValue("t", tenant.TenantId);
        cmd.Parameters.AddWithValue("name", fileName);
        var parts = new List<int>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) parts.Add(reader.GetInt32(0));
        return parts;
    }

    private async Task<string> EventsAsync(TestTenant tenant)
    {
        await using var conn = new NpgsqlConnection(Platform.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select u.file_name || ': ' || string_agg(e.type, ' → ' order by e.seq_id) from uploads.mt_events e join upload_status u on u.id = e.stream_id
            where u.tenant_id = @t group by u.file_name
            """, conn);
        cmd.Parameters.AddWithValue("t", tenant.TenantId);
        var lines = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join("; ", lines);
    }

    private async Task<long> CountEventsAsync(TestTenant tenant, string fileName, string type)
    {
        await using var conn = new NpgsqlConnection(Platform.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select count(*) from uploads.mt_events e join upload_status u on u.id = e.stream_id
            where u.tenant_id = @t and u.file_name = @name and e.type = @type
            """, conn);
        cmd.Parameters.AddWithValue("t", tenant.TenantId);
        cmd.Parameters.AddWithValue("name", fileName);
        cmd.Parameters.AddWithValue("type", type);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
