using JasperFx.Events;
using BuildPeer.Data;
using BuildPeer.Processing.Infrastructure;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Processing.Receiving;

/// <summary>
/// Looks at an upload's incoming key after the upload was completed: a presigned URL stays valid for minutes, so a
/// client may write it again. Such bytes are never served (Processing serves only its scanned copy); the write is
/// recorded as UploadOverwriteRejected and the object deleted. Called by the S3 event listener and the reconciler.
/// </summary>
public sealed class LateWriteGuard(TenantSessions store, ObjectStorage storage, TimeProvider clock, ILogger<LateWriteGuard> logger)
{
    /// <param name="listedETag">The ETag a listing just saw, if any: bytes the upload recorded need no further look.</param>
    public async Task<LateWriteVerdict> CheckAsync(Guid tenantId, Guid uploadId, string source, CancellationToken ct, string? listedETag = null)
    {
        await using var session = await store.OpenAsync(tenantId, ct);
        var status = await UploadStatusQueries.GetAsync(session, uploadId, ct);
        if (status is null || !ObjectKeys.TryParseIncoming(status.ObjectKey, out _, out _, out _)) return LateWriteVerdict.NotLate;
        if (status.Status == Uploads.Projection.UploadState.Requested) return LateWriteVerdict.NotLate;
        if (listedETag is not null && LateWrites.Judge(status, listedETag) == LateWriteVerdict.SameBytes && status.Status == Uploads.Projection.UploadState.Received)
            return LateWriteVerdict.SameBytes; // in flight, waiting for its scan
        var stored = await storage.HeadAsync(status.ObjectKey, ct);
        if (stored is null) return LateWriteVerdict.NotLate;

        var verdict = LateWrites.Judge(status, stored.ETag);
        switch (verdict)
        {
            case LateWriteVerdict.SameBytes:
                if (NoLongerNeeded(status)) await storage.DeleteAsync(status.ObjectKey, ct);
                return verdict;
            case LateWriteVerdict.Reject or LateWriteVerdict.RejectAndFail:
                var now = clock.GetUtcNow();
                var rejected = new UploadOverwriteRejected(uploadId, status.ObjectKey, stored.ETag, stored.Size, source, now);
                session.AppendAt(uploadId, status.Version, verdict == LateWriteVerdict.RejectAndFail
                    ? [rejected, Failed(uploadId, now)]
                    : [rejected]);
                try { await session.SaveChangesAsync(ct); }
                catch (EventStreamUnexpectedMaxEventIdException) { return LateWriteVerdict.NotLate; } // moved meanwhile: the next look decides
                await storage.DeleteAsync(status.ObjectKey, ct);
                logger.LogWarning("Upload {UploadId} is {Status}: a write to its incoming key ({ETag}, {Size} bytes) was rejected and deleted; found by {Source}",
                    uploadId, status.Status, stored.ETag, stored.Size, source);
                ProcessingMetrics.OverwritesRejected.Add(1);
                return verdict;
            default:
                return verdict;
        }
    }

    /// <summary>
    /// The recorded bytes are left behind once the scan has recorded its copy, or when the upload is gone. Before that
    /// (waiting for its scan, or failed before the copy, which an operator may replay) they are all there is; the
    /// bucket's lifecycle rule removes incoming/ after 2 days if nobody replays.
    /// </summary>
    private static bool NoLongerNeeded(Uploads.Projection.UploadStatus status) =>
        status.Stages.ScannedAt is not null || status.Status is Uploads.Projection.UploadState.Deleted or Uploads.Projection.UploadState.Expired;

    public static UploadFailed Failed(Guid uploadId, DateTimeOffset at)
    {
        var reason = FailureReason.WrittenAfterCompletion();
        return new UploadFailed(uploadId, "scan", reason.Sentence, at, reason.Code, reason.Parameters);
    }
}
