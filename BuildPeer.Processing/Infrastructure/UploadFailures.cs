using BuildPeer.Data;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Processing.Infrastructure;

public static class UploadFailures
{
    /// <summary>
    /// For a dead-lettered stage: appends UploadFailed only while the upload still waits for that stage
    /// (<paramref name="waitingIn"/>); a late copy of a message for an upload that moved on fails nothing.
    /// </summary>
    public static async Task RecordDeadLetterAsync(TenantSession session, Guid uploadId, string stage, UploadState waitingIn, Exception error, TimeProvider clock, CancellationToken ct)
    {
        var status = await UploadStatusQueries.GetAsync(session, uploadId, ct);
        if (status?.Status != waitingIn) return;
        var reason = error is IExplainedFailure explained ? explained.Reason : FailureReason.StageGaveUp(error);
        await RecordAsync(session, uploadId, stage, reason, clock, ct);
    }

    /// <summary>Appends UploadFailed with the stage and the reason (its code for pages, its sentence for people), unless the upload already ended.</summary>
    public static async Task RecordAsync(TenantSession session, Guid uploadId, string stage, FailureReason reason, TimeProvider clock, CancellationToken ct)
    {
        var status = await UploadStatusQueries.GetAsync(session, uploadId, ct);
        if (status is null || status.Status.IsFinal()) return;
        session.AppendAt(uploadId, status.Version, new UploadFailed(uploadId, stage, reason.Sentence, clock.GetUtcNow(), reason.Code, reason.Parameters));
        ProcessingMetrics.Failed.Add(1, new KeyValuePair<string, object?>("stage", stage));
    }
}
