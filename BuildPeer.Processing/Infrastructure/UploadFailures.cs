using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;
using JasperFx.Events;

namespace BuildPeer.Processing.Infrastructure;

public static class UploadFailures
{
    /// <summary>Appends UploadFailed with the stage and the reason (its code for pages, its sentence for people), unless the upload already ended.</summary>
    public static void Record(IEventStream<UploadStatus> stream, string stage, FailureReason reason, TimeProvider clock)
    {
        if (stream.Aggregate is not { } status || status.Status.IsFinal()) return;
        stream.AppendOne(new UploadFailed(status.Id, stage, reason.Sentence, clock.GetUtcNow(), reason.Code, reason.Parameters));
        ProcessingMetrics.Failed.Add(1, new KeyValuePair<string, object?>("stage", stage));
    }
}
