using Alba;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport.SigV4;

namespace BuildPeer.IntegrationTests.Security;

/// <summary>
/// The emulator does not check signatures, so the API's presigned URLs are verified here with the test-only SigV4
/// verifier (tests/BuildPeer.TestSupport/SigV4): key, content type and expiry are bound by the signature.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class PresignedUrlTests(BuildPeerSystem system)
{
    private static readonly SigV4Credentials Credentials = new("test", "test");

    [Fact]
    public async Task The_upload_url_binds_key_content_type_and_a_15_minute_expiry()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "foto.jpg", "image/jpeg", 1000);
        var url = new Uri(ticket.Put!.Url);
        var headers = new Dictionary<string, string> { ["content-type"] = "image/jpeg" };
        var now = DateTime.UtcNow;

        Assert.Equal(PresignedUrlVerdict.Valid, SigV4Verifier.VerifyPresignedUrl(url, headers, Credentials, now));
        Assert.Contains($"/incoming/tenant-{tenant.TenantId:N}/project-{tenant.ProjectId:N}/uploads/{ticket.UploadId:N}/original", url.AbsolutePath);

        // The key that is served (Processing's scanned copy) is not the one signed: the URL cannot be bent to write it.
        var servedKey = new Uri(url.ToString().Replace("/incoming/", "/"));
        Assert.Equal(PresignedUrlVerdict.SignatureMismatch, SigV4Verifier.VerifyPresignedUrl(servedKey, headers, Credentials, now));

        var otherKey = new Uri(url.ToString().Replace($"uploads/{ticket.UploadId:N}/original", $"uploads/{Guid.NewGuid():N}/original"));
        Assert.Equal(PresignedUrlVerdict.SignatureMismatch, SigV4Verifier.VerifyPresignedUrl(otherKey, headers, Credentials, now));

        var otherType = new Dictionary<string, string> { ["content-type"] = "application/x-msdownload" };
        Assert.Equal(PresignedUrlVerdict.SignatureMismatch, SigV4Verifier.VerifyPresignedUrl(url, otherType, Credentials, now));

        var longer = new Uri(System.Text.RegularExpressions.Regex.Replace(url.ToString(), "X-Amz-Expires=[0-9]+", "X-Amz-Expires=86400"));
        Assert.Equal(PresignedUrlVerdict.SignatureMismatch, SigV4Verifier.VerifyPresignedUrl(longer, headers, Credentials, now));

        Assert.Equal(PresignedUrlVerdict.Valid, SigV4Verifier.VerifyPresignedUrl(url, headers, Credentials, now.AddMinutes(14.5)));
        Assert.Equal(PresignedUrlVerdict.Expired, SigV4Verifier.VerifyPresignedUrl(url, headers, Credentials, now.AddMinutes(15.1)));
    }

    [Fact]
    public async Task Part_urls_are_bound_to_their_upload_id_and_part_number()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "plano.pdf", "application/pdf", 9 * 1024 * 1024);
        var url = new Uri(ticket.Multipart!.Parts[0].Url);
        var none = new Dictionary<string, string>();
        Assert.Equal(PresignedUrlVerdict.Valid, SigV4Verifier.VerifyPresignedUrl(url, none, Credentials, DateTime.UtcNow));
        var otherPart = new Uri(url.ToString().Replace("partNumber=1", "partNumber=2"));
        Assert.Equal(PresignedUrlVerdict.SignatureMismatch, SigV4Verifier.VerifyPresignedUrl(otherPart, none, Credentials, DateTime.UtcNow));

        // First and re-signed part URLs write only the incoming key; bent to the served key, the signature fails.
        var signed = await api.Scenario(s => s.Post.Json(new { partNumbers = new[] { 2 } }).ToUrl($"/api/uploads/{ticket.UploadId}/parts/sign"));
        var resigned = (await signed.ReadAsJsonAsync<BuildPeer.Api.Uploads.SignPartsResponse>())!;
        foreach (var part in ticket.Multipart.Parts.Select(p => new Uri(p.Url)).Append(new Uri(resigned.Parts[0].Url)))
        {
            Assert.StartsWith($"/buildpeer-it/incoming/tenant-{tenant.TenantId:N}/", part.AbsolutePath);
            Assert.Equal(PresignedUrlVerdict.Valid, SigV4Verifier.VerifyPresignedUrl(part, none, Credentials, DateTime.UtcNow));
            var bent = new Uri(part.ToString().Replace("/incoming/", "/"));
            Assert.Equal(PresignedUrlVerdict.SignatureMismatch, SigV4Verifier.VerifyPresignedUrl(bent, none, Credentials, DateTime.UtcNow));
        }
    }
}
