using System.Security.Cryptography;
using BuildPeer.Api.Uploads;
using BuildPeer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Client;

[Collection(SystemCollection.Name)]
public sealed class CliResumeTests(BuildPeerSystem system, ITestOutputHelper output)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_killed_cli_run_again_continues_without_resending_stored_parts_and_the_file_arrives_intact()
    {
        await using var cli = await CliHarness.StartAsync(system);
        await cli.LoginAsync();
        var bytes = RandomDocx.Bytes(48 * MiB + 777, seed: 48);
        var path = cli.Folder.File("planos-completos.docx");
        await File.WriteAllBytesAsync(path, bytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string[] upload = ["upload", path, "--project", cli.Tenant.ProjectId.ToString(), "--parallel", "2", "--wait"];

        // First run on a slow link, killed (SIGKILL) once storage holds at least two parts.
        cli.Proxy.Bandwidth.BytesPerSecond = 8 * MiB;
        PartsResponse before;
        Guid uploadId;
        using (var first = CliProcess.Start(cli.Environment, upload))
        {
            uploadId = await WaitForUploadAsync(cli, first);
            before = await WaitForStoredPartsAsync(cli, uploadId, first, atLeast: 2);
            first.Kill();
            await first.WaitAsync(TimeSpan.FromSeconds(10));
        }
        await cli.Proxy.WaitQuietAsync(); // bytes the killed process left in socket buffers may still be reaching storage
        before = await UploadDriver.PartsAsync(cli.Api, uploadId);
        var stored = before.Parts.Where(p => p.Stored).Select(p => p.PartNumber).ToList();
        var missing = before.Parts.Where(p => !p.Stored).ToList();
        Assert.InRange(stored.Count, 2, before.PartCount - 1);

        // Second run, same command, full speed.
        cli.Proxy.Bandwidth.BytesPerSecond = 0;
        cli.Proxy.ResetCounters();
        var (code, text) = await cli.RunAsync(TimeSpan.FromMinutes(3), upload);

        Assert.True(code == 0, text);
        Assert.All(stored, n => Assert.Equal(0, cli.Proxy.BodyBytesForPart(n)));
        Assert.Equal(missing.Sum(p => p.Length), cli.Proxy.BodyBytes);
        Assert.Contains("already stored, not sent", text);
        var final = await UploadDriver.ViewAsync(cli.Api, uploadId);
        Assert.Equal(("Processed", sha), (final.Status, final.Sha256));
        var list = await UploadDriver.ListAsync(cli.Api, cli.Tenant.ProjectId);
        Assert.Single(list.Items); // the same upload continued, no second one

        output.WriteLine($"kill after {stored.Count} of {before.PartCount} parts stored; rerun sent {cli.Proxy.BodyBytes} body bytes " +
                         $"= exactly the {missing.Count} missing parts; 0 bytes of stored parts re-sent");
    }

    private static async Task<Guid> WaitForUploadAsync(CliHarness cli, CliProcess run)
    {
        for (var i = 0; i < 300; i++)
        {
            var list = await UploadDriver.ListAsync(cli.Api, cli.Tenant.ProjectId);
            if (list.Items.Count > 0) return list.Items[0].Id;
            await Task.Delay(100);
        }
        throw new TimeoutException("The CLI never started an upload:\n" + run.Output);
    }

    private static async Task<PartsResponse> WaitForStoredPartsAsync(CliHarness cli, Guid uploadId, CliProcess run, int atLeast)
    {
        for (var i = 0; i < 600; i++)
        {
            var parts = await UploadDriver.PartsAsync(cli.Api, uploadId);
            if (parts.Parts.Count(p => p.Stored) >= atLeast) return parts;
            await Task.Delay(50);
        }
        throw new TimeoutException("Parts never arrived:\n" + run.Output);
    }
}
