using System.Net;
using Alba;
using BuildPeer.Api.Projects;
using BuildPeer.Api.Uploads;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Uploads;

[Collection(SystemCollection.Name)]
public sealed class ProjectFileCountTests(BuildPeerSystem system)
{
    [Fact]
    public async Task The_project_card_counts_the_files_its_listing_shows_and_a_deleted_one_is_in_neither()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var kept = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "uno.jpg", "image/jpeg", 1000);
        await UploadDriver.InitiateAsync(api, tenant.ProjectId, "dos.jpg", "image/jpeg", 1000);
        var deleted = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "tres.jpg", "image/jpeg", 1000);
        await api.Scenario(s =>
        {
            s.Delete.Url($"/api/uploads/{deleted.UploadId}");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });

        var projects = (await (await api.Scenario(s => s.Get.Url("/api/projects"))).ReadAsJsonAsync<List<ProjectSummary>>())!;
        var listing = (await (await api.Scenario(s => s.Get.Url($"/api/projects/{tenant.ProjectId}/uploads"))).ReadAsJsonAsync<UploadListResponse>())!;

        Assert.Equal(2, projects.Single(p => p.Id == tenant.ProjectId).UploadCount);
        Assert.Equal(2, listing.Items.Count);
        Assert.DoesNotContain(listing.Items, u => u.Id == deleted.UploadId);
        Assert.Contains(listing.Items, u => u.Id == kept.UploadId);
        // Still there when asked for by status.
        var deletedOnes = await api.Scenario(s => s.Get.Url($"/api/projects/{tenant.ProjectId}/uploads?status=Deleted"));
        Assert.Equal(deleted.UploadId, Assert.Single((await deletedOnes.ReadAsJsonAsync<UploadListResponse>())!.Items).Id);
    }
}
