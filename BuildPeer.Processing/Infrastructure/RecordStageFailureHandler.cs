using BuildPeer.Uploads.Messages;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;
using Marten;

namespace BuildPeer.Processing.Infrastructure;

/// <summary>
/// After a stage's message was dead-lettered (see <see cref="PipelineErrorPolicy"/>): appends UploadFailed only while the
/// upload still waits for that stage and nothing happened to it since; a late copy of a message for an upload that moved
/// on, or that an operator replayed, fails nothing.
/// </summary>
public static class RecordStageFailureHandler
{
    public static async Task HandleAsync(RecordStageFailure message, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        PipelineTenancy.Check(session, message.TenantId);
        var stream = await session.Events.FetchForWriting<UploadStatus>(message.UploadId, ct);
        if (stream.Aggregate?.Status.ToString() != message.WaitingIn) return;
        // Delivered again after a replay moved the upload back to this stage (at-least-once): not this attempt's failure.
        if (message.GaveUpAt is { } gaveUp && stream.Aggregate.UpdatedAt > gaveUp) return;
        UploadFailures.Record(stream, message.Stage,
            new FailureReason(message.Code, message.Parameters ?? new Dictionary<string, string>(), message.Sentence), clock);
    }
}
