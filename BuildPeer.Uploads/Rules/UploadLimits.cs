namespace BuildPeer.Uploads.Rules;

/// <summary>Limits an upload request is checked against. Bound from the "Uploads" configuration section.</summary>
public sealed record UploadLimits
{
    public const long MiB = 1024 * 1024;

    public long MaxFileSize { get; set; } = 100 * 1000 * 1000;
    /// <summary>Files above this go multipart. 8 MiB keeps every request under the local emulator's 11 MiB body cap.</summary>
    public long MultipartThreshold { get; set; } = 8 * MiB;
    public long PartSize { get; set; } = 8 * MiB;
    public int MaxFilesPerBatch { get; set; } = 1000;
    public TimeSpan PresignedUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public int MaxFileNameLength { get; set; } = 255;
}
