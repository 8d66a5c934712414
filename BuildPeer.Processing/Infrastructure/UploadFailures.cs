using BuildPeer.Data;
using BuildPeer.EventStore;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;

namespace BuildPeer.Processing.Infrastructure;

public static class UploadFailures
{
    /// <summary>
    /// For a dead-lettered stage: appends UploadFailed only while the upload still waits for that stage
    /// (<paramref name="waitingIn"/>); a late copy of a message for an upload that moved on fails nothing.
    /// </summary>
    public static async Task RecordDeadLetterAsync(DocumentSession session, Guid uploadId, string stage, UploadState waitingIn, Exception error, TimeProvider clock, CancellationToken ct)
    {
        var status = await UploadStatusQueries.GetAsync(session, uploadId, ct);
        if (status?.Status != waitingIn) return;
        await RecordAsync(session, uploadId, stage, $"{error.GetType().Name}: {error.Message}", clock, ct);
    }

    /// <summary>Appends UploadFailed with the stage and a reason a person can read, unless the upload already ended.</summary>
    public static async Task RecordAsync(DocumentSession session, Guid uploadId, string stage, string reason, TimeProvider clock, CancellationToken ct)
    {
        var status = await UploadStatusQueries.GetAsync(session, uploadId, ct);
        if (status is null || status.Status.IsFinal()) return;
        session.Events.Append(uploadId, status.Version, new UploadFailed(uploadId, stage, reason, clock.GetUtcNow()));
        ProcessingMetrics.Failed.Add(1, new KeyValuePair<string, object?>("stage", stage));
    }
}
