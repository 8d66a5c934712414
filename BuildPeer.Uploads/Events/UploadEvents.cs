namespace BuildPeer.Uploads.Events;

// The upload stream's events. Their shapes are stored as JSON in mt_events.data: add fields, never rename them.

public sealed record UploadRequested(
    Guid UploadId,
    Guid TenantId,
    Guid ProjectId,
    Guid UploaderId,
    string FileName,
    string ContentType,
    long Size,
    string? DeclaredSha256,
    string ObjectKey,
    bool Multipart,
    string? MultipartUploadId,
    long PartSize,
    DateTimeOffset RequestedAt);

public sealed record UploadReceived(Guid UploadId, long Size, string ETag, string Source, DateTimeOffset ReceivedAt, string? DeclaredSha256 = null);

/// <summary>A client confirmed one multipart part (progress others can see; resume uses storage's own part list).</summary>
public sealed record UploadPartConfirmed(Guid UploadId, int PartNumber, string ETag, long Size, string? Sha256, DateTimeOffset ConfirmedAt);

/// <summary>
/// The scan's verdict on the bytes at <paramref name="StoredKey"/>: Processing's own copy of what the client sent, which
/// no client URL can write. Only that copy is ever served. (Events from before the incoming/ prefix have no StoredKey:
/// their object key was served.)
/// </summary>
public sealed record Scanned(Guid UploadId, ScanVerdictKind Verdict, string? Signature, string Engine, DateTimeOffset ScannedAt, string? QuarantineKey = null,
    string? StoredKey = null, string? StoredETag = null, string? StoredVersionId = null);

public enum ScanVerdictKind { Clean, Infected }

public sealed record Processed(
    Guid UploadId,
    string Sha256,
    FileMetadata Metadata,
    IReadOnlyList<Rendition> Renditions,
    DateTimeOffset ProcessedAt);

/// <summary>
/// Something wrote the upload's incoming key again after it was completed (a presigned URL is valid for minutes).
/// Those bytes are never served and are deleted; before the scan, the upload also fails (UploadFailed) rather than scan other bytes than it received.
/// </summary>
public sealed record UploadOverwriteRejected(Guid UploadId, string Key, string? ETag, long? Size, string Source, DateTimeOffset DetectedAt);

public sealed record UploadFailed(Guid UploadId, string Stage, string Reason, DateTimeOffset FailedAt);

/// <summary>An operator replayed a dead-lettered stage: the upload goes back to the state before that stage.</summary>
public sealed record UploadRetried(Guid UploadId, string Stage, Guid RequestedBy, DateTimeOffset RetriedAt);

public sealed record UploadExpired(Guid UploadId, DateTimeOffset ExpiredAt);

public sealed record UploadDeleted(Guid UploadId, Guid DeletedBy, DateTimeOffset DeletedAt);

public sealed record FileMetadata(
    DateTimeOffset? TakenAt = null,
    double? Latitude = null,
    double? Longitude = null,
    string? CameraMake = null,
    string? CameraModel = null,
    int? Width = null,
    int? Height = null,
    int? PageCount = null,
    string? TextExcerpt = null);

public sealed record Rendition(string Name, string ObjectKey, string ContentType, int Width, int Height, long Size);
