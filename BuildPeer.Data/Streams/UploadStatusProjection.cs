using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace BuildPeer.Data.Streams;

/// <summary>
/// UploadStatus, inline with every append: the pure Create/Apply of <see cref="UploadStatus"/>, plus the stream version
/// and the last event's global sequence, which live streams order and resume on.
/// </summary>
public sealed class UploadStatusProjection : SingleStreamProjection<UploadStatus, Guid>
{
    public UploadStatus Create(UploadRequested e) => UploadStatus.Create(e);
    public UploadStatus Apply(UploadPartConfirmed e, UploadStatus s) => UploadStatus.Apply(e, s);
    public UploadStatus Apply(UploadReceived e, UploadStatus s) => UploadStatus.Apply(e, s);
    public UploadStatus Apply(Scanned e, UploadStatus s) => UploadStatus.Apply(e, s);
    public UploadStatus Apply(Processed e, UploadStatus s) => UploadStatus.Apply(e, s);
    public UploadStatus Apply(UploadFailed e, UploadStatus s) => UploadStatus.Apply(e, s);
    public UploadStatus Apply(UploadRetried e, UploadStatus s) => UploadStatus.Apply(e, s);
    public UploadStatus Apply(UploadOverwriteRejected e, UploadStatus s) => UploadStatus.Apply(e, s);
    public UploadStatus Apply(UploadExpired e, UploadStatus s) => UploadStatus.Apply(e, s);
    public UploadStatus Apply(UploadDeleted e, UploadStatus s) => UploadStatus.Apply(e, s);

    public override UploadStatus ApplyMetadata(UploadStatus snapshot, IEvent lastEvent) =>
        snapshot with { Version = lastEvent.Version, LastSequence = lastEvent.Sequence };
}
