using BuildPeer.Data;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.Processing.Expiry;
using BuildPeer.ServiceDefaults.Aws;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.IntegrationTests.LargeFiles;

[Collection(SystemCollection.Name)]
public sealed class ExpiryTests(BuildPeerSystem system)
{
    [Fact]
    public async Task An_abandoned_multipart_upload_expires_and_its_parts_are_removed()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "plano.pdf", "application/pdf", 9 * 1024 * 1024);
        var part = ticket.Multipart!.Parts[1];
        using var storageClient = new HttpClient();
        (await storageClient.PutAsync(part.Url, new ByteArrayContent(new byte[part.Length]))).EnsureSuccessStatusCode();
        await Task.Delay(1200);

        var services = system.Processing.Services;
        var expiry = new UploadExpiryService(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<TenantSessions>(),
            services.GetRequiredService<ObjectStorage>(), TimeProvider.System,
            Options.Create(new ExpiryOptions { ExpireAfter = TimeSpan.FromSeconds(1), BatchSize = 1000 }), NullLogger<UploadExpiryService>.Instance);
        Assert.True(await expiry.ExpireDueAsync(default) >= 1);

        var view = await UploadDriver.ViewAsync(api, ticket.UploadId);
        Assert.Equal("Expired", view.Status);
        var storage = services.GetRequiredService<ObjectStorage>();
        await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() => storage.ListPartsAsync(ticket.ObjectKey, ExtractUploadId(part.Url), default));

        // A second pass (another instance) finds nothing left to do for it.
        await using var session = await services.GetRequiredService<TenantSessions>().OpenAsync(tenant.TenantId);
        var events = await session.Events.FetchStreamAsync(ticket.UploadId);
        Assert.Single(events, e => e.EventTypeName == "upload_expired");
        await expiry.ExpireDueAsync(default);
        Assert.Single(await session.Events.FetchStreamAsync(ticket.UploadId), e => e.EventTypeName == "upload_expired");
    }

    private static string ExtractUploadId(string url) =>
        Uri.UnescapeDataString(System.Text.RegularExpressions.Regex.Match(url, "uploadId=([^&]+)").Groups[1].Value);
}
