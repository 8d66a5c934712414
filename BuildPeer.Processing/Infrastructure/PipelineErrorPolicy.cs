using AmazonServiceException = Amazon.Runtime.AmazonServiceException;
using BuildPeer.Processing.Extraction;
using BuildPeer.Processing.Scanning;
using BuildPeer.Processing.Tools;
using BuildPeer.Processing.Tools.Rendering;
using BuildPeer.Uploads.Messages;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;
using JasperFx.Events;
using Npgsql;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime;

namespace BuildPeer.Processing.Infrastructure;

/// <summary>
/// The pipeline's explicit error handling. Transient failures (storage, database, clamd, a tool timing out, the renderer
/// process dying) are retried after each cooldown (1 s, 5 s, 30 s by default), then dead-lettered; anything else is
/// dead-lettered at once. A dead-lettered stage records UploadFailed with the stage and reason. Bad files never get
/// here: handlers record them as UploadFailed themselves. A stream that moved on while a handler ran is not a failure:
/// the handler runs again on the new state, where it usually has nothing left to do.
/// </summary>
public static class PipelineErrorPolicy
{
    public static void Apply(WolverineOptions opts, TimeSpan[] cooldowns)
    {
        opts.OnException<EventStreamUnexpectedMaxEventIdException>().RetryTimes(3)
            .Then.MoveToErrorQueue().And(RecordFailureAsync, "Record UploadFailed");
        opts.OnException(IsTransient).RetryWithCooldown(cooldowns)
            .Then.MoveToErrorQueue().And(RecordFailureAsync, "Record UploadFailed");
        opts.OnAnyException().MoveToErrorQueue().And(RecordFailureAsync, "Record UploadFailed");
    }

    public static bool IsTransient(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (IsTransientItself(inner)) return true;
        return false;
    }

    private static bool IsTransientItself(Exception e) => e switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        AmazonServiceException aws => (int)aws.StatusCode >= 500 || aws.StatusCode == System.Net.HttpStatusCode.TooManyRequests,
        ClamdUnavailableException or ExternalToolTimeoutException or RendererCrashedException => true,
        HttpRequestException or TimeoutException or IOException => true,
        TaskCanceledException => true,
        _ => false,
    };

    /// <summary>What a dead-lettered message of a stage means for its upload, or null for messages outside the pipeline.</summary>
    public static RecordStageFailure? FailureFor(object? message, Exception error, DateTimeOffset gaveUpAt)
    {
        var reason = error is IExplainedFailure explained ? explained.Reason : FailureReason.StageGaveUp(error);
        return message switch
        {
            ScanUpload scan => new RecordStageFailure(scan.UploadId, scan.TenantId, ScanUploadHandler.Stage, nameof(UploadState.Received),
                reason.Code, reason.Sentence, reason.Parameters, gaveUpAt),
            ProcessUpload process => new RecordStageFailure(process.UploadId, process.TenantId, ProcessUploadHandler.Stage, nameof(UploadState.Scanned),
                reason.Code, reason.Sentence, reason.Parameters, gaveUpAt),
            _ => null,
        };
    }

    private static async ValueTask RecordFailureAsync(IWolverineRuntime runtime, IEnvelopeLifecycle lifecycle, Exception error)
    {
        if (FailureFor(lifecycle.Envelope?.Message, error, DateTimeOffset.UtcNow) is not { } failure) return;
        var bus = new MessageContext(runtime) { TenantId = lifecycle.Envelope!.TenantId };
        await bus.PublishAsync(failure, new DeliveryOptions { TenantId = lifecycle.Envelope.TenantId });
        await bus.FlushOutgoingMessagesAsync();
    }
}
