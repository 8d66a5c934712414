using BuildPeer.Data;
using BuildPeer.EventStore;
using BuildPeer.Uploads.Events;

namespace BuildPeer.Processing.Infrastructure;

public static class UploadFailures
{
    /// <summary>Appends UploadFailed with the stage and a reason a person can read, unless the upload already ended.</summary>
    public static async Task RecordAsync(DocumentSession session, Guid uploadId, string stage, Exception error, TimeProvider clock, CancellationToken ct) =>
        await RecordAsync(session, uploadId, stage, $"{error.GetType().Name}: {error.Message}", clock, ct);

    public static async Task RecordAsync(DocumentSession session, Guid uploadId, string stage, string reason, TimeProvider clock, CancellationToken ct)
    {
        var status = await UploadStatusQueries.GetAsync(session, uploadId, ct);
        if (status is null || Uploads.Projection.UploadStateRules.IsFinal(status.Status)) return;
        session.Events.Append(uploadId, status.Version, new UploadFailed(uploadId, stage, reason, clock.GetUtcNow()));
        ProcessingMetrics.Failed.Add(1, new KeyValuePair<string, object?>("stage", stage));
    }
}
