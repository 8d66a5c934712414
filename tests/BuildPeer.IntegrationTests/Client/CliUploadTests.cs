using System.Diagnostics;
using System.Security.Cryptography;
using BuildPeer.Api.Uploads;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Client;

[Collection(SystemCollection.Name)]
public sealed class CliUploadTests(BuildPeerSystem system, ITestOutputHelper output)
{
    private const long HundredMegabytes = 100_000_000; // the API's per-file limit

    [Fact]
    public async Task A_100_MB_pdf_goes_through_the_cli_to_processed_with_preview_and_text_and_shows_in_status()
    {
        await using var cli = await CliHarness.StartAsync(system);
        await cli.LoginAsync();
        var pdf = cli.Folder.File("memoria-estructural.pdf");
        LargePdf.Write(pdf, HundredMegabytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(pdf)));

        var clock = Stopwatch.StartNew();
        var (code, text) = await cli.RunAsync(TimeSpan.FromMinutes(5), "upload", pdf, "--project", cli.Tenant.ProjectId.ToString(), "--wait");
        clock.Stop();

        Assert.True(code == 0, text);
        Assert.Contains("All 1 file(s) processed", text);
        var list = await UploadDriver.ListAsync(cli.Api, cli.Tenant.ProjectId);
        var upload = Assert.Single(list.Items);
        Assert.Equal(("Processed", HundredMegabytes, sha), (upload.Status, upload.Size, upload.Sha256));
        Assert.Equal(3, upload.Metadata!.PageCount);
        Assert.Contains(MinimalPdf.PageText(1), upload.Metadata.TextExcerpt);
        Assert.Contains(upload.Renditions, r => r.Name == "preview-800");
        Assert.Contains(upload.Renditions, r => r.Name == "text");
        Assert.Equal(HundredMegabytes, cli.Proxy.BodyBytes); // every byte once, through storage, in 20 parts of 5 MiB (the CLI's default)
        Assert.Equal(20, cli.Proxy.Requests.Count(r => r.Method == "PUT"));

        var (statusCode, status) = await cli.RunAsync(TimeSpan.FromSeconds(60), "status", cli.Tenant.ProjectId.ToString());
        Assert.True(statusCode == 0, status);
        Assert.Contains("memoria-estructural.pdf", status);
        Assert.Contains("1 upload(s): 1 Processed", status);
        output.WriteLine($"100 MB PDF through the CLI to Processed (upload + scan + text + preview): {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task When_a_file_cannot_be_processed_the_cli_exits_non_zero_and_says_which_and_why()
    {
        await using var cli = await CliHarness.StartAsync(system);
        await cli.LoginAsync();
        var folder = Path.Combine(cli.Folder.Path, "obra");
        Directory.CreateDirectory(folder);
        var corrupt = await SampleFiles.CorruptJpegAsync(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "acta.docx"), OfficeSamples.Docx("acta de obra"));
        var notes = cli.Folder.File("notas.txt");
        await File.WriteAllTextAsync(notes, "no es un tipo aceptado");

        var (code, text) = await cli.RunAsync(TimeSpan.FromMinutes(2), "upload", folder, notes, "--project", cli.Tenant.ProjectId.ToString(), "--wait");

        Assert.Equal(1, code);
        Assert.Contains(Path.GetFileName(corrupt), text);
        Assert.Contains("cannot be read", text);
        Assert.Contains("notas.txt: not a type BuildPeer accepts", text);
        Assert.Contains("2 of 3 file(s) could not be uploaded and processed", text);
    }

    [Fact]
    public async Task Without_a_session_the_cli_says_how_to_log_in_and_exits_3()
    {
        await using var cli = await CliHarness.StartAsync(system);
        var (code, text) = await cli.RunAsync(TimeSpan.FromSeconds(60), "upload", cli.Folder.Path, "--project", cli.Tenant.ProjectId.ToString());
        Assert.Equal(3, code);
        Assert.Contains("Not signed in", text);

        var (badCode, bad) = await cli.RunAsync(TimeSpan.FromSeconds(60), "login", "--api", cli.KestrelApi.Address.ToString(),
            "--email", cli.Tenant.Users["empleado"].Email, "--password", "wrong");
        Assert.Equal(3, badCode);
        Assert.Contains("email or password is not correct", bad);
    }
}
