using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.TestSupport.SigV4;
using Microsoft.Extensions.Options;

namespace BuildPeer.IntegrationTests.Storage;

/// <summary>
/// Upload URLs signed for S3 Transfer Acceleration. The SDK signs locally, so no request leaves the machine;
/// the SigV4 verifier proves the signature covers the accelerate host the client will send.
/// </summary>
public class AccelerateEndpointTests
{
    private const string Bucket = "buildpeer-uploads-prod";
    private const string Key = "incoming/tenant-7/project-3/uploads/0b1c2d3e/original";
    private static readonly AwsSettings InAws = new() { Region = "sa-east-1", AccessKeyId = "AKIAACCELTEST", SecretAccessKey = "accel/test/secret" };
    private static readonly SigV4Credentials Credentials = new("AKIAACCELTEST", "accel/test/secret");

    [Fact]
    public void Put_and_part_urls_go_to_the_accelerate_endpoint_with_a_signature_for_that_host()
    {
        var storage = Storage(InAws, accelerate: true);

        var put = new Uri(storage.PresignPut(Key, "image/jpeg", TimeSpan.FromMinutes(15)));
        var part = new Uri(storage.PresignPart(Key, "mpu-1", 3, TimeSpan.FromMinutes(15)));

        Assert.Equal($"{Bucket}.s3-accelerate.amazonaws.com", put.Host);
        Assert.Equal("https", put.Scheme);
        Assert.Equal($"{Bucket}.s3-accelerate.amazonaws.com", part.Host);
        Assert.Contains("partNumber=3", part.Query);
        Assert.Equal(PresignedUrlVerdict.Valid, Verify(put, new() { ["Content-Type"] = "image/jpeg" }));
        Assert.Equal(PresignedUrlVerdict.Valid, Verify(part, new()));
        var regionalHost = new Uri(put.ToString().Replace(".s3-accelerate.amazonaws.com", ".s3.sa-east-1.amazonaws.com"));
        Assert.Equal(PresignedUrlVerdict.SignatureMismatch, Verify(regionalHost, new() { ["Content-Type"] = "image/jpeg" }));
    }

    [Fact]
    public void Downloads_and_the_setting_left_off_keep_the_regional_endpoint()
    {
        var accelerated = Storage(InAws, accelerate: true);
        var regional = Storage(InAws, accelerate: false);

        Assert.DoesNotContain("s3-accelerate", new Uri(accelerated.PresignGet(Key, TimeSpan.FromMinutes(5))).Host);
        var put = new Uri(regional.PresignPut(Key, "image/jpeg", TimeSpan.FromMinutes(15)));
        Assert.DoesNotContain("s3-accelerate", put.Host);
        Assert.Contains("sa-east-1", put.Host);
        Assert.Equal(PresignedUrlVerdict.Valid, Verify(put, new() { ["Content-Type"] = "image/jpeg" }));
    }

    [Fact]
    public void The_setting_with_the_local_emulator_or_a_dotted_bucket_stops_start_up_saying_why()
    {
        var emulator = new AwsSettings { ServiceUrl = "http://127.0.0.1:4566", AccessKeyId = "test", SecretAccessKey = "test" };

        var local = Assert.Throws<InvalidOperationException>(() => Storage(emulator, accelerate: true));
        var dotted = Assert.Throws<InvalidOperationException>(() => Storage(InAws, accelerate: true, bucket: "uploads.buildpeer.lat"));

        Assert.Contains("no accelerate endpoint", local.Message);
        Assert.Contains("without dots", dotted.Message);
    }

    private static ObjectStorage Storage(AwsSettings aws, bool accelerate, string bucket = Bucket)
    {
        var options = new StorageOptions { Bucket = bucket, UseAccelerateEndpoint = accelerate };
        var regional = AwsServiceCollectionExtensions.CreateS3Client(aws);
        return new ObjectStorage(regional, aws, Options.Create(options), UploadUrlClient.For(aws, options, regional));
    }

    private static PresignedUrlVerdict Verify(Uri url, Dictionary<string, string> headers) =>
        SigV4Verifier.VerifyPresignedUrl(url, headers, Credentials, DateTime.UtcNow);
}
