namespace BuildPeer.ServiceDefaults.Aws;

/// <summary>The "Storage" section.</summary>
public sealed class StorageOptions
{
    public string Bucket { get; set; } = "buildpeer-uploads";
    /// <summary>Create the bucket at start-up (local emulator); in AWS the infrastructure creates it.</summary>
    public bool CreateBucket { get; set; }
    /// <summary>
    /// Sign the URLs clients upload to (PUT and parts) for S3 Transfer Acceleration's edge endpoint. On in AWS,
    /// where the bucket has acceleration; off locally, where the emulator has no such endpoint.
    /// </summary>
    public bool UseAccelerateEndpoint { get; set; }
}
