using System.Text.RegularExpressions;
using Alba;
using BuildPeer.Api.Uploads;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;

namespace BuildPeer.IntegrationTests.Security;

[Collection(SystemCollection.Name)]
public sealed class SpoofedFileNameTests(BuildPeerSystem system)
{
    [Fact]
    public async Task A_right_to_left_override_is_stripped_from_the_stored_listed_and_download_name()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path, 64, 48));

        // Displayed as "facturaexe.png" by anything that honours the override.
        var upload = await UploadDriver.UploadAsync(api, tenant.ProjectId, "factura\u202Egnp.exe", "image/png", bytes);
        Assert.Equal("facturagnp.exe", upload.FileName);
        var listed = await api.Scenario(s => s.Get.Url($"/api/projects/{tenant.ProjectId}/uploads"));
        Assert.Equal("facturagnp.exe", Assert.Single((await listed.ReadAsJsonAsync<UploadListResponse>())!.Items).FileName);

        var original = await UploadDriver.ContentLocationAsync(api, upload.Id);
        var disposition = Uri.UnescapeDataString(Regex.Match(original.Query, "response-content-disposition=([^&]+)").Groups[1].Value);
        Assert.Equal("attachment; filename=\"facturagnp.exe\"; filename*=UTF-8''facturagnp.exe", disposition);
    }
}
