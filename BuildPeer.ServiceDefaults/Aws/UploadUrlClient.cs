using Amazon.S3;

namespace BuildPeer.ServiceDefaults.Aws;

/// <summary>
/// The S3 client that signs the URLs clients upload to. With <see cref="StorageOptions.UseAccelerateEndpoint"/>
/// it signs for <c>{bucket}.s3-accelerate.amazonaws.com</c>, so a phone in Lima enters AWS at the nearest edge;
/// the services' own calls (HEAD, copy, list, complete) keep the regional endpoint.
/// </summary>
public sealed class UploadUrlClient(IAmazonS3 s3)
{
    public IAmazonS3 S3 { get; } = s3;

    public static UploadUrlClient For(AwsSettings aws, StorageOptions storage, IAmazonS3 regional)
    {
        if (!storage.UseAccelerateEndpoint) return new UploadUrlClient(regional);
        if (aws.IsLocalEmulator)
            throw new InvalidOperationException(
                "Storage:UseAccelerateEndpoint is on, but Aws:ServiceUrl points at a local emulator, which has no accelerate endpoint. Turn one of them off.");
        if (storage.Bucket.Contains('.'))
            throw new InvalidOperationException(
                $"Storage:UseAccelerateEndpoint is on, but the bucket name '{storage.Bucket}' contains dots; S3 Transfer Acceleration needs a bucket name without dots.");
        return new UploadUrlClient(AwsServiceCollectionExtensions.CreateS3Client(aws, accelerate: true));
    }
}
