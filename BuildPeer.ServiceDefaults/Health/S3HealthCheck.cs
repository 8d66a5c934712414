using Amazon.S3;
using BuildPeer.ServiceDefaults.Aws;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.ServiceDefaults.Health;

public sealed class S3HealthCheck(IAmazonS3 s3, ObjectStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = storage.Bucket, MaxKeys = 1 }, cts.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("S3: " + e.Message, e);
        }
    }
}
