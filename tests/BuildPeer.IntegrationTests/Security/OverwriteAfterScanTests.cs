using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using BuildPeer.Api.Uploads;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.Processing.Receiving;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.TestSupport;
using BuildPeer.Uploads.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Security;

/// <summary>
/// A presigned URL stays valid for minutes after its upload is complete. Whatever a client sends to it then, what is
/// served is exactly what was scanned and hashed, and the late write is recorded, never silently ignored.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class OverwriteAfterScanTests(BuildPeerSystem system)
{
    private static readonly HttpClient Storage = new(); // the emulator, through the presigned URLs

    [Fact]
    public async Task Eicar_put_again_to_a_processed_photos_url_is_never_served_and_is_recorded_as_rejected()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var photo = await File.ReadAllBytesAsync(await SampleFiles.PhotoWithGpsAsync(dir.Path));
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "fachada.jpg", "image/jpeg", photo.Length);
        Assert.StartsWith(ObjectKeys.IncomingRoot, ticket.ObjectKey);
        await UploadDriver.PutAsync(ticket, photo);
        await UploadDriver.CompleteAsync(api, ticket.UploadId);
        var processed = (await UploadDriver.WaitForFinalAsync(api, ticket.UploadId)).Final;
        Assert.Equal("Processed", processed.Status);
        Assert.Equal(Sha256(photo), processed.Sha256);

        // The replay: the same URL, still valid, now with the EICAR test file. The emulator accepts it (so would S3).
        using (var put = new HttpRequestMessage(HttpMethod.Put, ticket.Put!.Url) { Content = new ByteArrayContent(SampleFiles.Eicar) })
        {
            put.Content.Headers.ContentType = new("image/jpeg");
            (await Storage.SendAsync(put)).EnsureSuccessStatusCode();
        }
        Assert.Equal(photo, await DownloadOriginalAsync(api, ticket.UploadId));

        // A second complete changes nothing; the reconciler finds the late write, records it and deletes it.
        Assert.Equal("Processed", (await UploadDriver.CompleteAsync(api, ticket.UploadId)).Status);
        Assert.True(await Reconciler().SweepLateWritesAsync(default) >= 1);
        Assert.Null(await Objects().HeadAsync(ticket.ObjectKey, default));

        var after = await UploadDriver.ViewAsync(api, ticket.UploadId);
        Assert.Equal(("Processed", processed.Sha256, processed.Size), (after.Status, after.Sha256, after.Size));
        var rejected = Assert.Single(await UploadDriver.HistoryAsync(api, ticket.UploadId), h => h.Type == "upload_overwrite_rejected");
        Assert.Contains("reconciler", rejected.Data.ToString());
        Assert.Contains(SampleFiles.Eicar.Length.ToString(), rejected.Data.ToString());
        Assert.Equal(photo, await DownloadOriginalAsync(api, ticket.UploadId));
    }

    [Fact]
    public async Task A_replayed_part_and_a_second_complete_of_a_multipart_upload_change_no_served_byte()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var plan = new byte[9 * 1024 * 1024 + 77];
        new Random(9).NextBytes(plan);
        "PK\x03\x04"u8.CopyTo(plan); // looks like the office document it is declared as
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "plano.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", plan.Length);
        Assert.NotNull(ticket.Multipart);
        Assert.All(ticket.Multipart!.Parts, p => Assert.Contains(Uri.EscapeDataString(ObjectKeys.IncomingRoot.TrimEnd('/')), p.Url));
        await UploadDriver.PutAsync(ticket, plan);
        await UploadDriver.CompleteAsync(api, ticket.UploadId);
        var processed = (await UploadDriver.WaitForFinalAsync(api, ticket.UploadId, TimeSpan.FromMinutes(2))).Final;
        Assert.Equal(("Processed", Sha256(plan)), (processed.Status, processed.Sha256));

        // Replay part 1 with EICAR in it (S3 refuses a part of a completed upload; whatever storage answers), then a
        // whole new object at the incoming key, announced by an S3 notification, and complete again.
        var part = ticket.Multipart.Parts[0];
        var poisoned = SampleFiles.Eicar.Concat(new byte[part.Length - SampleFiles.Eicar.Length]).ToArray();
        await Storage.PutAsync(part.Url, new ByteArrayContent(poisoned));
        await system.S3.PutObjectAsync(new() { BucketName = "buildpeer-it", Key = ticket.ObjectKey, InputStream = new MemoryStream(poisoned) });
        await system.Processing.Services.GetRequiredService<S3EventListener>().HandleAsync(Notification(ticket.ObjectKey, poisoned.Length), default);
        Assert.Equal("Processed", (await UploadDriver.CompleteAsync(api, ticket.UploadId)).Status);

        Assert.Equal(Sha256(plan), Sha256(await DownloadOriginalAsync(api, ticket.UploadId)));
        var rejected = Assert.Single(await UploadDriver.HistoryAsync(api, ticket.UploadId), h => h.Type == "upload_overwrite_rejected");
        Assert.Contains("s3-event", rejected.Data.ToString());
        Assert.Null(await Objects().HeadAsync(ticket.ObjectKey, default));
        var view = await UploadDriver.ViewAsync(api, ticket.UploadId);
        Assert.Equal(("Processed", processed.Sha256), (view.Status, view.Sha256));
    }

    [Fact]
    public async Task Bytes_written_after_complete_but_before_the_scan_are_not_scanned_and_the_upload_fails_saying_why()
    {
        // An API whose queue no Processing reads yet: the upload waits in Received while the client writes again.
        var settings = new Dictionary<string, string?>(system.Settings) { ["Messaging:UploadsQueue"] = "overwrite-before-scan" };
        await using var heldApi = await TestHosts.StartApiAsync(settings);
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado", heldApi);
        using var dir = new TemporaryDirectory();
        var png = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "firma.png", "image/png", png.Length);
        await UploadDriver.PutAsync(ticket, png);
        Assert.Equal("Received", (await UploadDriver.CompleteAsync(api, ticket.UploadId)).Status);
        await UploadDriver.PutAsync(ticket, SampleFiles.Eicar);

        await using var processing = await TestHosts.StartProcessingAsync(settings); // listens on the held queue
        var (final, _) = await UploadDriver.WaitForFinalAsync(api, ticket.UploadId);

        Assert.Equal("Failed", final.Status);
        Assert.Equal("scan", final.FailedStage);
        Assert.Contains("written again", final.FailureReason);
        Assert.Equal("written_after_completion", final.FailureCode);
        Assert.Contains(await UploadDriver.HistoryAsync(api, ticket.UploadId), h => h.Type == "upload_overwrite_rejected");
        await api.Scenario(s =>
        {
            s.Get.Url($"/api/uploads/{ticket.UploadId}/content");
            s.ProblemShouldBe(HttpStatusCode.Conflict);
        });
        Assert.Null(await Objects().HeadAsync(ObjectKeys.Original(tenant.TenantId, tenant.ProjectId, ticket.UploadId), default));
    }

    private static async Task<byte[]> DownloadOriginalAsync(ApiUser api, Guid uploadId)
    {
        var location = await UploadDriver.ContentLocationAsync(api, uploadId, "original");
        Assert.DoesNotContain("incoming", location.ToString());
        var bytes = await Storage.GetByteArrayAsync(location);
        Assert.False(bytes.AsSpan().IndexOf("EICAR-STANDARD"u8) >= 0, "EICAR was served");
        return bytes;
    }

    private Reconciler Reconciler() => system.Processing.Services.GetRequiredService<Reconciler>();

    private ObjectStorage Objects() => system.Processing.Services.GetRequiredService<ObjectStorage>();

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Notification(string key, long size) => JsonSerializer.Serialize(new
    {
        Records = new[]
        {
            new
            {
                eventVersion = "2.1", eventSource = "aws:s3", eventName = "ObjectCreated:Put",
                s3 = new { bucket = new { name = "buildpeer-it" }, @object = new { key = Uri.EscapeDataString(key).Replace("%2F", "/"), size, eTag = "late" } },
            },
        },
    });
}
