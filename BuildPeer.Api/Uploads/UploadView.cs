using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;

namespace BuildPeer.Api.Uploads;

public sealed record UploadLinks(string Self, string History, string Content, IReadOnlyDictionary<string, string> Renditions);

/// <summary>An upload as the API shows it: the projection plus links, without storage internals.</summary>
public sealed record UploadView(
    Guid Id,
    Guid ProjectId,
    Guid UploaderId,
    string FileName,
    string ContentType,
    long Size,
    string Status,
    long Version,
    StageTimes Stages,
    string? Sha256,
    string? ScanSignature,
    FileMetadata? Metadata,
    IReadOnlyList<RenditionView> Renditions,
    string? FailedStage,
    string? FailureReason,
    string? FailureCode,
    IReadOnlyDictionary<string, string>? FailureParams,
    DateTimeOffset UpdatedAt,
    UploadLinks Links)
{
    public static UploadView From(UploadStatus s) => new(
        s.Id, s.ProjectId, s.UploaderId, s.FileName, s.ContentType, s.Size, s.Status.ToString(), s.Version, s.Stages,
        s.Sha256, s.ScanSignature, s.Metadata,
        s.Renditions.Select(r => new RenditionView(r.Name, r.ContentType, r.Width, r.Height, r.Size)).ToList(),
        s.FailedStage, s.FailureReason,
        s.FailureCode ?? (s.Status == UploadState.Failed ? global::BuildPeer.Uploads.Rules.FailureReason.Unspecified : null), // failed before reasons had codes
        s.FailureParams ?? (s.Status == UploadState.Failed ? new Dictionary<string, string>() : null),
        s.UpdatedAt, s.Links());
}

public sealed record RenditionView(string Name, string ContentType, int Width, int Height, long Size);

public static class UploadLinksExtensions
{
    public static UploadLinks Links(this UploadStatus s) => new(
        $"/api/uploads/{s.Id}",
        $"/api/uploads/{s.Id}/history",
        $"/api/uploads/{s.Id}/content",
        s.Renditions.ToDictionary(r => r.Name, r => $"/api/uploads/{s.Id}/content?rendition={r.Name}"));
}
