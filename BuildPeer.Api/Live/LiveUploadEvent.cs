using BuildPeer.Api.Uploads;
using BuildPeer.Uploads.Projection;

namespace BuildPeer.Api.Live;

/// <summary>
/// The data of one SSE event: the upload as GET /api/uploads/{id} shows it, plus multipart progress. Each event
/// carries the whole state, so a client keeps the highest <see cref="UploadView.Version"/> of each upload and
/// never needs the events in between.
/// </summary>
public sealed record LiveUploadEvent(string Kind, long Sequence, UploadView Upload, PartProgress? Progress)
{
    public const string StatusKind = "status";
    public const string ProgressKind = "progress";

    public static LiveUploadEvent From(UploadStatus status, long sequence, string kind) =>
        new(kind, sequence, UploadView.From(status), PartProgress.Of(status));
}

public sealed record PartProgress(int PartCount, int PartsConfirmed, long BytesConfirmed)
{
    public static PartProgress? Of(UploadStatus s) => s is { Multipart: true, PartSize: > 0 }
        ? new((int)Math.Ceiling(s.Size / (double)s.PartSize), s.ConfirmedParts.Count, s.ConfirmedParts.Sum(p => p.Size))
        : null;
}
