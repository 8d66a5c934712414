using System.Net;
using System.Text.Json;
using Alba;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;

namespace BuildPeer.IntegrationTests.Uploads;

[Collection(SystemCollection.Name)]
public sealed class QuarantineTests(BuildPeerSystem system)
{
    [Fact]
    public async Task The_EICAR_test_file_is_quarantined_and_never_served()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "informe.pdf", "application/pdf", SampleFiles.Eicar);

        Assert.Equal("Quarantined", final.Status);
        Assert.StartsWith("Local.Test.EICAR", final.ScanSignature);
        Assert.Empty(final.Renditions);
        Assert.Null(final.Stages.ProcessedAt);

        var original = await api.Scenario(s =>
        {
            s.Get.Url($"/api/uploads/{final.Id}/content");
            s.ProblemShouldBe(HttpStatusCode.Conflict);
        });
        Assert.Contains("quarantined", (await original.ReadAsJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        await api.Scenario(s =>
        {
            s.Get.Url($"/api/uploads/{final.Id}/content?rendition=thumb-200");
            s.ProblemShouldBe(HttpStatusCode.Conflict);
        });
    }

    [Fact]
    public async Task A_clean_upload_is_unaffected_by_an_infected_one_sent_with_it()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var photo = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));

        var results = await Task.WhenAll(
            UploadDriver.UploadAsync(api, tenant.ProjectId, "virus.jpg", "image/jpeg", SampleFiles.Eicar),
            UploadDriver.UploadAsync(api, tenant.ProjectId, "plano.png", "image/png", photo));

        Assert.Equal("Quarantined", results[0].Status);
        Assert.Equal("Processed", results[1].Status);
        Assert.Equal(2, results[1].Renditions.Count);
    }
}
