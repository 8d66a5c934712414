using BuildPeer.Uploads.Events;

namespace BuildPeer.Uploads.Projection;

/// <summary>
/// The upload_status projection: what a user sees of one upload. Built from its event stream in the
/// single-stream projection style (static Create from the first event, static Apply for the rest).
/// </summary>
public sealed record UploadStatus
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid UploaderId { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required long Size { get; init; }
    public required string ObjectKey { get; init; }
    public bool Multipart { get; init; }
    public string? MultipartUploadId { get; init; }
    public long PartSize { get; init; }
    public string? DeclaredSha256 { get; init; }
    public UploadState Status { get; init; }
    public long Version { get; init; }
    /// <summary>The global sequence of the last event folded in: live streams resume and order on it.</summary>
    public long LastSequence { get; init; }
    public StageTimes Stages { get; init; } = new();
    public string? ETag { get; init; }
    public string? Sha256 { get; init; }
    public string? ScanSignature { get; init; }
    /// <summary>Where an infected file was moved; it is never served from there.</summary>
    public string? QuarantineKey { get; init; }
    /// <summary>The scanned-clean copy, the only original ever served; null until a clean scan.</summary>
    public string? ServedKey { get; init; }
    public string? ServedVersionId { get; init; }

    /// <summary>
    /// The original to serve: the scanned copy once the scan passed; null before that. Rows projected before the
    /// incoming/ prefix existed have no ServedKey: their files were scanned where they lie, under a key no URL still
    /// valid can write.
    /// </summary>
    public string? OriginalToServe() => Status is UploadState.Scanned or UploadState.Processed
        ? ServedKey ?? (ObjectKey.StartsWith(Rules.ObjectKeys.IncomingRoot, StringComparison.Ordinal) ? null : ObjectKey)
        : null;
    /// <summary>Late writes to the client's key after completion, each rejected (never served).</summary>
    public int OverwritesRejected { get; init; }
    public FileMetadata? Metadata { get; init; }
    public IReadOnlyList<Rendition> Renditions { get; init; } = [];
    public IReadOnlyList<ConfirmedPart> ConfirmedParts { get; init; } = [];
    public string? FailedStage { get; init; }
    public string? FailureReason { get; init; }

    /// <summary>The failure's stable code (see <see cref="Rules.FailureReason"/>), for pages to localise.</summary>
    public string? FailureCode { get; init; }

    public IReadOnlyDictionary<string, string>? FailureParams { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public static UploadStatus Create(UploadRequested e) => new()
    {
        Id = e.UploadId,
        TenantId = e.TenantId,
        ProjectId = e.ProjectId,
        UploaderId = e.UploaderId,
        FileName = e.FileName,
        ContentType = e.ContentType,
        Size = e.Size,
        ObjectKey = e.ObjectKey,
        Multipart = e.Multipart,
        MultipartUploadId = e.MultipartUploadId,
        PartSize = e.PartSize,
        DeclaredSha256 = e.DeclaredSha256,
        Status = UploadState.Requested,
        Stages = new StageTimes { RequestedAt = e.RequestedAt },
        UpdatedAt = e.RequestedAt,
    };

    public static UploadStatus Apply(UploadPartConfirmed e, UploadStatus s) => s with
    {
        ConfirmedParts = s.ConfirmedParts.Where(p => p.PartNumber != e.PartNumber)
            .Append(new ConfirmedPart(e.PartNumber, e.ETag, e.Size, e.Sha256))
            .OrderBy(p => p.PartNumber).ToList(),
        UpdatedAt = e.ConfirmedAt,
    };

    public static UploadStatus Apply(UploadReceived e, UploadStatus s) => s with
    {
        Status = UploadState.Received,
        DeclaredSha256 = e.DeclaredSha256 ?? s.DeclaredSha256,
        Size = e.Size,
        ETag = e.ETag,
        Stages = s.Stages with { ReceivedAt = e.ReceivedAt },
        UpdatedAt = e.ReceivedAt,
    };

    public static UploadStatus Apply(Scanned e, UploadStatus s) => s with
    {
        Status = e.Verdict == ScanVerdictKind.Infected ? UploadState.Quarantined : UploadState.Scanned,
        ScanSignature = e.Signature,
        QuarantineKey = e.QuarantineKey,
        ServedKey = e.Verdict == ScanVerdictKind.Clean ? e.StoredKey ?? s.ObjectKey : null,
        ServedVersionId = e.Verdict == ScanVerdictKind.Clean ? e.StoredVersionId : null,
        Stages = s.Stages with { ScannedAt = e.ScannedAt },
        UpdatedAt = e.ScannedAt,
    };

    public static UploadStatus Apply(Processed e, UploadStatus s) => s with
    {
        Status = UploadState.Processed,
        Sha256 = e.Sha256,
        Metadata = e.Metadata,
        Renditions = e.Renditions,
        Stages = s.Stages with { ProcessedAt = e.ProcessedAt },
        UpdatedAt = e.ProcessedAt,
    };

    public static UploadStatus Apply(UploadFailed e, UploadStatus s) => s with
    {
        Status = UploadState.Failed,
        FailedStage = e.Stage,
        FailureReason = e.Reason,
        FailureCode = e.ReasonCode ?? Rules.FailureReason.Unspecified,
        FailureParams = e.ReasonParams ?? new Dictionary<string, string>(),
        Stages = s.Stages with { FailedAt = e.FailedAt },
        UpdatedAt = e.FailedAt,
    };

    public static UploadStatus Apply(UploadRetried e, UploadStatus s) => s with
    {
        Status = e.Stage == "scan" ? UploadState.Received : UploadState.Scanned,
        FailedStage = null,
        FailureReason = null,
        FailureCode = null,
        FailureParams = null,
        Stages = s.Stages with { FailedAt = null },
        UpdatedAt = e.RetriedAt,
    };

    public static UploadStatus Apply(UploadOverwriteRejected e, UploadStatus s) =>
        s with { OverwritesRejected = s.OverwritesRejected + 1 };

    public static UploadStatus Apply(UploadExpired e, UploadStatus s) =>
        s with { Status = UploadState.Expired, UpdatedAt = e.ExpiredAt };

    public static UploadStatus Apply(UploadDeleted e, UploadStatus s) =>
        s with { Status = UploadState.Deleted, UpdatedAt = e.DeletedAt };

    /// <summary>Folds any event onto the state; the first event of a stream must be UploadRequested.</summary>
    public static UploadStatus Fold(UploadStatus? state, object @event, long version)
    {
        var next = (@event, state) switch
        {
            (UploadRequested e, null) => Create(e),
            (UploadPartConfirmed e, { } s) => Apply(e, s),
            (UploadReceived e, { } s) => Apply(e, s),
            (Scanned e, { } s) => Apply(e, s),
            (Processed e, { } s) => Apply(e, s),
            (UploadFailed e, { } s) => Apply(e, s),
            (UploadRetried e, { } s) => Apply(e, s),
            (UploadOverwriteRejected e, { } s) => Apply(e, s),
            (UploadExpired e, { } s) => Apply(e, s),
            (UploadDeleted e, { } s) => Apply(e, s),
            (_, null) => throw new InvalidOperationException($"An upload stream must start with {nameof(UploadRequested)}, not {@event.GetType().Name}."),
            _ => throw new InvalidOperationException($"{@event.GetType().Name} is not an upload event."),
        };
        return next with { Version = version };
    }
}

public sealed record ConfirmedPart(int PartNumber, string ETag, long Size, string? Sha256);

public sealed record StageTimes
{
    public DateTimeOffset? RequestedAt { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public DateTimeOffset? ScannedAt { get; init; }
    public DateTimeOffset? ProcessedAt { get; init; }
    public DateTimeOffset? FailedAt { get; init; }
}
