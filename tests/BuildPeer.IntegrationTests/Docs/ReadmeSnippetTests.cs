using System.Diagnostics;
using System.Text.RegularExpressions;
using BuildPeer.Api.Uploads;
using BuildPeer.TestSupport;
using BuildPeer.IntegrationTests.Browser;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Docs;

/// <summary>
/// The README's curl blocks, taken from README.md as they are and run by bash as a newcomer pastes them, against the
/// API on a real port, the emulator and the Processing worker: the README cannot rot.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ReadmeSnippetTests(BuildPeerSystem system)
{
    [Fact]
    public async Task The_plain_HTTP_and_multipart_blocks_upload_wait_for_Processed_and_save_a_JPEG_thumbnail()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var single = BashBlockAfter(readme, "### Upload a photo with plain HTTP");
        var multipart = BashBlockAfter(readme, "### Upload a large file in parts (multipart)");

        var tenant = await system.NewTenant().CreateAsync();
        using var api = new KestrelApi(new Dictionary<string, string?>(system.Settings));
        using var dir = new TemporaryDirectory("readme");
        File.Move(await SampleFiles.PhotoWithGpsAsync(dir.Path), dir.File("fachada.jpg"));
        // Over the 8 MiB multipart threshold: a photo with 9 MiB of noise after its end marker (a phone's motion photo).
        var photo = await File.ReadAllBytesAsync(await SampleFiles.PhotoWithGpsAsync(dir.Path, 1000, 750));
        var noise = new byte[9 * 1024 * 1024];
        new Random(7).NextBytes(noise);
        await File.WriteAllBytesAsync(dir.File("obra.jpg"), [.. photo, .. noise]);

        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir.Path };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(single + "\n" + multipart);
        info.Environment["API"] = api.BaseUrl;
        info.Environment["P"] = tenant.ProjectId.ToString();
        info.Environment["EMAIL"] = tenant.Users["empleado"].Email;
        info.Environment["PASSWORD"] = TestTenant.Password;
        using var bash = Process.Start(info)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var output = $"stdout:\n{await stdout}\nstderr:\n{await stderr}";

        Assert.True(bash.ExitCode == 0, output);
        var thumb = await File.ReadAllBytesAsync(dir.File("thumb.jpg"));
        Assert.True(thumb is [0xFF, 0xD8, 0xFF, ..], "thumb.jpg is not a JPEG. " + output);
        var listing = await UploadDriver.ListAsync(await tenant.LoginAsync("empleado"), tenant.ProjectId);
        Assert.Equal("Processed", listing.Items.Single(u => u.FileName == "fachada.jpg").Status);
        var parts = listing.Items.Single(u => u.FileName == "obra.jpg");
        Assert.True(parts.Status == "Processed", $"obra.jpg is {parts.Status}: {parts.FailureReason}. {output}");
        Assert.Equal(new FileInfo(dir.File("obra.jpg")).Length, parts.Size);
        Assert.EndsWith("Processed", (await stdout).TrimEnd());
    }

    private static string BashBlockAfter(string markdown, string heading)
    {
        var at = markdown.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md has no '{heading}'");
        var block = Regex.Match(markdown[at..], "```bash\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, $"no bash block after '{heading}'");
        return block.Groups[1].Value;
    }
}
