namespace BuildPeer.Client.Api;

/// <summary>An upload as GET /api/uploads/{id} shows it (the fields a client uses).</summary>
public sealed record UploadView(
    Guid Id,
    Guid ProjectId,
    string FileName,
    string ContentType,
    long Size,
    string Status,
    string? Sha256,
    string? ScanSignature,
    UploadMetadata? Metadata,
    IReadOnlyList<RenditionView> Renditions,
    string? FailedStage,
    string? FailureReason,
    DateTimeOffset UpdatedAt)
{
    public bool IsFinal => UploadStatuses.IsFinal(Status);
}

public sealed record UploadMetadata(int? PageCount, string? TextExcerpt, int? Width, int? Height);

public sealed record RenditionView(string Name, string ContentType, int Width, int Height, long Size);

public sealed record UploadPage(IReadOnlyList<UploadView> Items, string? NextCursor);

public static class UploadStatuses
{
    public const string Requested = "Requested";
    public const string Received = "Received";
    public const string Scanned = "Scanned";
    public const string Processed = "Processed";
    public const string Quarantined = "Quarantined";
    public const string Failed = "Failed";
    public const string Expired = "Expired";
    public const string Deleted = "Deleted";

    public static bool IsFinal(string status) => status is Processed or Quarantined or Failed or Expired or Deleted;

    /// <summary>The bytes are in storage and the pipeline has them: sending them again would only make a copy.</summary>
    public static bool HasArrived(string status) => status is Received or Scanned or Processed or Quarantined;
}
