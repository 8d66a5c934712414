using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using BuildPeer.Api.Uploads;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.LargeFiles;

[Collection(SystemCollection.Name)]
public sealed class MultipartUploadTests(BuildPeerSystem system)
{
    private static readonly HttpClient Storage = new(); // the emulator, through the presigned URLs

    private static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task A_20_MB_file_goes_multipart_resumes_from_the_part_list_and_arrives_intact()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var bytes = RandomBytes(20 * 1024 * 1024 + 123);
        "PK\x03\x04"u8.CopyTo(bytes); // looks like the office document it is declared as
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "plano.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes.Length, sha);
        Assert.Null(ticket.Put);
        Assert.Equal(3, ticket.Multipart!.PartCount);
        Assert.Equal(8 * 1024 * 1024, ticket.Multipart.PartSize);

        // The first part only, then the client "loses the network".
        var first = ticket.Multipart.Parts[0];
        var put = await Storage.PutAsync(first.Url, new ByteArrayContent(bytes, 0, (int)first.Length));
        put.EnsureSuccessStatusCode();
        await api.Scenario(s =>
        {
            s.Put.Json(new { eTag = put.Headers.ETag!.Tag, size = first.Length }).ToUrl($"/api/uploads/{ticket.UploadId}/parts/1");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });

        var early = await api.Scenario(s =>
        {
            s.PostWithoutBody($"/api/uploads/{ticket.UploadId}/complete");
            s.ProblemShouldBe(HttpStatusCode.Conflict);
        });
        Assert.Contains("missing or incomplete: 2, 3", (await early.ReadAsJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var parts = await UploadDriver.PartsAsync(api, ticket.UploadId);
        Assert.Equal([2, 3], parts.Missing);
        Assert.True(parts.Parts[0].Stored && parts.Parts[0].Confirmed);
        Assert.Equal(first.Length, parts.BytesStored);

        // Resume: re-sign only what is missing (the old URLs may have expired) and send it.
        var signing = await api.Scenario(s => s.Post.Json(new { partNumbers = parts.Missing }).ToUrl($"/api/uploads/{ticket.UploadId}/parts/sign"));
        var signed = (await signing.ReadAsJsonAsync<SignPartsResponse>())!;
        Assert.Equal([2, 3], signed.Parts.Select(p => p.PartNumber));
        foreach (var part in signed.Parts)
            (await Storage.PutAsync(part.Url, new ByteArrayContent(bytes, (int)part.Offset, (int)part.Length))).EnsureSuccessStatusCode();

        await UploadDriver.CompleteAsync(api, ticket.UploadId);
        var (final, _) = await UploadDriver.WaitForFinalAsync(api, ticket.UploadId);
        Assert.Equal("Processed", final.Status);
        Assert.Equal(sha, final.Sha256);
        Assert.Empty(final.Renditions); // office documents: scanned, hashed, stored, no preview
    }

    [Fact]
    public async Task Signing_parts_that_do_not_exist_is_a_400()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "plano.pdf", "application/pdf", 9 * 1024 * 1024);
        var result = await api.Scenario(s =>
        {
            s.Post.Json(new { partNumbers = new[] { 0, 3 } }).ToUrl($"/api/uploads/{ticket.UploadId}/parts/sign");
            s.ProblemShouldBe(HttpStatusCode.BadRequest);
        });
        Assert.Contains("parts 1 to 2", (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("partNumbers")[0].GetString());
    }

    [Fact]
    public async Task A_declared_checksum_that_does_not_match_the_stored_bytes_fails_the_upload()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var bytes = OfficeSamples.Docx();
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "informe.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes.Length, new string('0', 64));
        await UploadDriver.PutAsync(ticket, bytes);
        await UploadDriver.CompleteAsync(api, ticket.UploadId);
        var (final, _) = await UploadDriver.WaitForFinalAsync(api, ticket.UploadId);
        Assert.Equal("Failed", final.Status);
        Assert.Equal("process", final.FailedStage);
        Assert.StartsWith("checksum mismatch", final.FailureReason);
    }

    [Fact]
    public async Task A_file_already_stored_clean_in_the_project_is_answered_without_sending_bytes()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var bytes = OfficeSamples.Docx("duplicado");
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        const string docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        var first = await UploadDriver.UploadAsync(api, tenant.ProjectId, "a.docx", docx, bytes, sha);
        Assert.Equal("Processed", first.Status);

        var duplicate = await api.Scenario(s =>
        {
            s.Post.Json(new { fileName = "copia.docx", contentType = docx, size = bytes.Length, sha256 = sha }).ToUrl($"/api/projects/{tenant.ProjectId}/uploads");
            s.StatusCodeShouldBeOk();
        });
        var again = (await duplicate.ReadAsJsonAsync<UploadTicket>())!;
        Assert.True(again.Duplicate);
        Assert.Equal(first.Id, again.UploadId);
        Assert.Null(again.Put);
        Assert.Null(again.Multipart);

        // In another project the same bytes are a new upload.
        var constructora = await tenant.LoginAsync("constructora");
        var elsewhere = await UploadDriver.InitiateAsync(constructora, tenant.OtherProjectId, "a.docx", docx, bytes.Length, sha);
        Assert.False(elsewhere.Duplicate);
    }

    [Fact]
    public async Task Deleting_an_unfinished_multipart_upload_aborts_it()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "plano.pdf", "application/pdf", 9 * 1024 * 1024);
        await api.Scenario(s =>
        {
            s.Delete.Url($"/api/uploads/{ticket.UploadId}");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });

        var view = await UploadDriver.ViewAsync(api, ticket.UploadId);
        Assert.Equal("Deleted", view.Status);
        var part = ticket.Multipart!.Parts[0];
        var late = await Storage.PutAsync(part.Url, new ByteArrayContent(new byte[part.Length]));
        Assert.False(late.IsSuccessStatusCode); // the multipart upload no longer exists
    }

    [Fact]
    public async Task An_investor_cannot_start_complete_or_delete_uploads()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var empleado = await tenant.LoginAsync("empleado");
        var investor = await tenant.LoginAsync("inversionista");
        var ticket = await UploadDriver.InitiateAsync(empleado, tenant.ProjectId, "a.jpg", "image/jpeg", 100);

        await investor.Scenario(s =>
        {
            s.Post.Json(new { fileName = "b.jpg", contentType = "image/jpeg", size = 100 }).ToUrl($"/api/projects/{tenant.ProjectId}/uploads");
            s.ProblemShouldBe(HttpStatusCode.Forbidden);
        });
        await investor.Scenario(s =>
        {
            s.PostWithoutBody($"/api/uploads/{ticket.UploadId}/complete");
            s.ProblemShouldBe(HttpStatusCode.Forbidden);
        });
        await investor.Scenario(s =>
        {
            s.Delete.Url($"/api/uploads/{ticket.UploadId}");
            s.ProblemShouldBe(HttpStatusCode.Forbidden);
        });
        await UploadDriver.ViewAsync(investor, ticket.UploadId);
    }
}
