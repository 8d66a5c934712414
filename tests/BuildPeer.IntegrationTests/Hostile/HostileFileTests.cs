using System.IO.Compression;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Hostile;

[Collection(SystemCollection.Name)]
public sealed class HostileFileTests(BuildPeerSystem system)
{
    [Fact]
    public async Task An_executable_declared_as_a_jpeg_is_refused_by_magic_bytes()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var exe = new byte[4096];
        "MZ"u8.CopyTo(exe);

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "foto.jpg", "image/jpeg", exe);

        Assert.Equal("Failed", final.Status);
        Assert.Equal("process", final.FailedStage);
        Assert.Contains("Windows executable", final.FailureReason);
        Assert.Empty(final.Renditions);
    }

    [Fact]
    public async Task EICAR_inside_a_zip_is_quarantined_and_moved_under_the_quarantine_prefix()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = zip.CreateEntry("docs/eicar.com").Open())
            entry.Write(SampleFiles.Eicar);

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "planos.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer.ToArray());

        Assert.Equal("Quarantined", final.Status);
        Assert.StartsWith("Local.Test.EICAR", final.ScanSignature);
        var storage = system.Api.Services.GetRequiredService<ObjectStorage>();
        var key = $"tenant-{tenant.TenantId:N}/project-{tenant.ProjectId:N}/uploads/{final.Id:N}/original";
        await WaitUntilAsync(async () => await storage.HeadAsync(key, default) is null);
        Assert.NotNull(await storage.HeadAsync("quarantine/" + key, default));
    }

    [Fact]
    public async Task A_ClamAV_test_sample_is_quarantined_with_its_signature_name()
    {
        Assert.True(File.Exists(SampleFiles.ClamAvTestZip), "clamav-testfiles is installed by scripts/install-prerequisites.sh");
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "clam.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", await File.ReadAllBytesAsync(SampleFiles.ClamAvTestZip));
        Assert.Equal("Quarantined", final.Status);
        Assert.StartsWith("ClamAV-Test-File", final.ScanSignature);
    }

    [Fact]
    public async Task An_image_bomb_is_refused_before_it_is_decoded()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        // 12000 x 9000 = 108 MP of a flat colour: a tiny file that would need ~300 MB decoded.
        var path = await SampleFiles.ImageAsync(dir.Path, "png", 12000, 9000);

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "bomba.png", "image/png", await File.ReadAllBytesAsync(path));

        Assert.Equal("Failed", final.Status);
        Assert.Contains("108 MP", final.FailureReason);
        Assert.Contains("limit is 100 MP", final.FailureReason);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50 && !await condition(); i++) await Task.Delay(100);
        Assert.True(await condition());
    }
}
