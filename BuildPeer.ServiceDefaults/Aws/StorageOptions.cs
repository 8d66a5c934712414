namespace BuildPeer.ServiceDefaults.Aws;

/// <summary>The "Storage" section.</summary>
public sealed class StorageOptions
{
    public string Bucket { get; set; } = "buildpeer-uploads";
    /// <summary>Create the bucket at start-up (local emulator); in AWS the infrastructure creates it.</summary>
    public bool CreateBucket { get; set; }
}
