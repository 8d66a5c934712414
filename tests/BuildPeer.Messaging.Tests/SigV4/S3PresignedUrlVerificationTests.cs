using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using System.Text.RegularExpressions;
using BuildPeer.TestSupport.SigV4;

namespace BuildPeer.Messaging.Tests.SigV4;

/// <summary>
/// The upload URLs the API hands out come from AWSSDK.S3's GetPreSignedURL. These tests prove our verifier
/// agrees with the SDK's signer, and so that such a URL is bound to its key, content type and expiry.
/// GetPreSignedURL signs locally; nothing listens on the service URL.
/// </summary>
public class S3PresignedUrlVerificationTests
{
    private static readonly SigV4Credentials Credentials = new("AKIAUPLOADTEST", "upload/test/secret+key");
    private const string ContentType = "image/jpeg";
    private const string Key = "tenant-7/project-3/uploads/0b1c2d3e/original";

    [Fact]
    public void Accepts_the_sdk_url_with_its_content_type()
    {
        var url = PresignPut(Key, ContentType, TimeSpan.FromMinutes(15));

        Assert.Contains("X-Amz-SignedHeaders=content-type%3Bhost", url.Query);
        Assert.Equal(PresignedUrlVerdict.Valid, Verify(url, ContentType, DateTime.UtcNow));
    }

    [Fact]
    public void Rejects_another_key()
    {
        var url = PresignPut(Key, ContentType, TimeSpan.FromMinutes(15));
        var otherKey = new Uri(url.ToString().Replace("/tenant-7/", "/tenant-8/"));

        Assert.Equal(PresignedUrlVerdict.SignatureMismatch, Verify(otherKey, ContentType, DateTime.UtcNow));
    }

    [Fact]
    public void Rejects_another_content_type()
    {
        var url = PresignPut(Key, ContentType, TimeSpan.FromMinutes(15));

        Assert.Equal(PresignedUrlVerdict.SignatureMismatch, Verify(url, "text/html", DateTime.UtcNow));
        Assert.Equal(PresignedUrlVerdict.MissingSignedHeader,
            SigV4Verifier.VerifyPresignedUrl(url, new Dictionary<string, string>(), Credentials, DateTime.UtcNow));
    }

    [Fact]
    public void Rejects_a_lengthened_expiry()
    {
        var url = PresignPut(Key, ContentType, TimeSpan.FromMinutes(15));
        var lengthened = new Uri(Regex.Replace(url.ToString(), "X-Amz-Expires=[0-9]+", "X-Amz-Expires=86400"));

        Assert.Contains("X-Amz-Expires=86400", lengthened.Query);
        Assert.Equal(PresignedUrlVerdict.SignatureMismatch, Verify(lengthened, ContentType, DateTime.UtcNow.AddHours(2)));
    }

    [Fact]
    public void Rejects_the_url_once_expired()
    {
        var url = PresignPut(Key, ContentType, TimeSpan.FromMinutes(15));

        Assert.Equal(PresignedUrlVerdict.Valid, Verify(url, ContentType, DateTime.UtcNow.AddMinutes(14)));
        Assert.Equal(PresignedUrlVerdict.Expired, Verify(url, ContentType, DateTime.UtcNow.AddMinutes(16)));
    }

    [Fact]
    public void Accepts_a_key_with_characters_that_need_encoding()
    {
        var url = PresignPut("tenant-7/project-3/uploads/x/Plano (rev 2) ñ+ü.pdf", "application/pdf", TimeSpan.FromMinutes(15));

        Assert.Equal(PresignedUrlVerdict.Valid, Verify(url, "application/pdf", DateTime.UtcNow));
    }

    private static PresignedUrlVerdict Verify(Uri url, string contentType, DateTime at) =>
        SigV4Verifier.VerifyPresignedUrl(url, new Dictionary<string, string> { ["Content-Type"] = contentType }, Credentials, at);

    private static Uri PresignPut(string key, string contentType, TimeSpan lifetime)
    {
        using var s3 = new AmazonS3Client(
            new BasicAWSCredentials(Credentials.AccessKeyId, Credentials.SecretAccessKey),
            new AmazonS3Config { ServiceURL = "http://127.0.0.1:9", ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        var url = s3.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = "uploads",
            Key = key,
            Verb = HttpVerb.PUT,
            ContentType = contentType,
            Expires = DateTime.UtcNow.Add(lifetime),
            Protocol = Protocol.HTTP,
        });
        return new Uri(url);
    }
}
