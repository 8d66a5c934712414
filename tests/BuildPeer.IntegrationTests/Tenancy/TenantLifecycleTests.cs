using System.Net;
using System.Text.Json;
using Alba;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildPeer.IntegrationTests.Tenancy;

[Collection(SystemCollection.Name)]
public sealed class TenantLifecycleTests(BuildPeerSystem system)
{
    [Fact]
    public async Task Export_has_every_record_and_working_24_hour_links_and_is_audited()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        var upload = await UploadDriver.UploadAsync(api, tenant.ProjectId, "plano ñ.png", "image/png", bytes);
        var boss = await tenant.LoginAsync("constructora");

        var export = await (await boss.Scenario(s => s.Get.Url($"/api/tenants/{tenant.TenantId}/export"))).ReadAsJsonAsync<JsonElement>();

        Assert.Equal(3, export.GetProperty("users").GetArrayLength());
        Assert.Equal(2, export.GetProperty("projects").GetArrayLength());
        var item = Assert.Single(export.GetProperty("uploads").EnumerateArray());
        Assert.Equal(upload.Id, item.GetProperty("upload").GetProperty("id").GetGuid());
        var link = item.GetProperty("links").GetProperty("original").GetString()!;
        Assert.Contains("X-Amz-Expires=86", link);
        using var storage = new HttpClient(); // the presigned link goes to the emulator
        var download = await storage.GetAsync(link);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        // S3 answers with the Content-Disposition the URL asks for (the emulator ignores it): the original name, RFC 5987-encoded.
        var disposition = Uri.UnescapeDataString(System.Text.RegularExpressions.Regex.Match(link, "response-content-disposition=([^&]+)").Groups[1].Value);
        Assert.Equal("attachment; filename=\"plano _.png\"; filename*=UTF-8''plano%20%C3%B1.png", disposition);
        Assert.True(export.GetProperty("events").GetArrayLength() >= 4);
        Assert.DoesNotContain("password", export.GetRawText());
        var audit = await (await boss.Scenario(s => s.Get.Url("/api/audit?action=tenant.export"))).ReadAsJsonAsync<BuildPeer.Api.Audit.AuditPage>();
        Assert.Single(audit!.Items);
    }

    [Fact]
    public async Task Deleting_a_tenant_needs_its_slug_and_removes_its_rows_and_files()
    {
        var doomed = await system.NewTenant("Se va").CreateAsync();
        var survivor = await system.NewTenant("Se queda").CreateAsync();
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        var gone = await UploadDriver.UploadAsync(await doomed.LoginAsync("empleado"), doomed.ProjectId, "a.png", "image/png", bytes);
        var kept = await UploadDriver.UploadAsync(await survivor.LoginAsync("empleado"), survivor.ProjectId, "b.png", "image/png", bytes);
        var boss = await doomed.LoginAsync("constructora");

        var refused = await boss.Scenario(s =>
        {
            s.Delete.Json(new { confirm = "yes" }).ToUrl($"/api/tenants/{doomed.TenantId}");
            s.ProblemShouldBe(HttpStatusCode.BadRequest);
        });
        Assert.Contains($"t-{doomed.TenantId:N}", (await refused.ReadAsJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        await boss.Scenario(s =>
        {
            s.Delete.Json(new { confirm = $"t-{doomed.TenantId:N}" }).ToUrl($"/api/tenants/{doomed.TenantId}");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });

        var storage = system.Api.Services.GetRequiredService<ObjectStorage>();
        Assert.Null(await storage.HeadAsync($"tenant-{doomed.TenantId:N}/project-{doomed.ProjectId:N}/uploads/{gone.Id:N}/original", default));
        Assert.NotNull(await storage.HeadAsync($"tenant-{survivor.TenantId:N}/project-{survivor.ProjectId:N}/uploads/{kept.Id:N}/original", default));
        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        foreach (var table in new[] { "tenants", "users", "projects", "uploads.mt_events", "uploads.mt_streams", "uploads.mt_doc_uploadstatus", "upload_status" })
        {
            await using var cmd = new NpgsqlCommand($"select count(*) from {table} where tenant_id::uuid = @t", conn);
            cmd.Parameters.AddWithValue("t", doomed.TenantId);
            Assert.Equal(0L, await cmd.ExecuteScalarAsync());
        }
        await using var audit = new NpgsqlCommand("select count(*) from audit_log where tenant_id = @t and action = 'tenant.delete'", conn);
        audit.Parameters.AddWithValue("t", doomed.TenantId);
        Assert.Equal(1L, await audit.ExecuteScalarAsync());
        await UploadDriver.ViewAsync(await survivor.LoginAsync("empleado"), kept.Id);
    }
}
