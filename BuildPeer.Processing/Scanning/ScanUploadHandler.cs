using BuildPeer.Data;
using BuildPeer.Messaging;
using BuildPeer.Processing.Tools;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Messages;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;

using BuildPeer.Processing.Infrastructure;

namespace BuildPeer.Processing.Scanning;

/// <summary>Streams the stored file through clamd (INSTREAM) and records the verdict; clean files cascade to processing.</summary>
public sealed class ScanUploadHandler(ObjectStorage storage, ClamdClient clamd, TimeProvider clock, ILogger<ScanUploadHandler> logger)
    : IMessageHandler<ScanUpload>, IDeadLetterHandler<ScanUpload>
{
    public const string Stage = "scan";
    public const string Engine = "clamav";

    public async Task<IReadOnlyList<object>> HandleAsync(ScanUpload message, MessageContext context, CancellationToken ct)
    {
        var status = await UploadStatusQueries.GetAsync(context.Session, message.UploadId, ct);
        if (status is not { Status: UploadState.Received })
        {
            logger.LogInformation("Upload {UploadId} is {Status}; nothing to scan", message.UploadId, status?.Status);
            return Cascade.None;
        }

        ScanVerdict verdict;
        await using (var content = await storage.OpenReadAsync(status.ObjectKey, ct))
            verdict = await clamd.ScanAsync(content, ct);
        ProcessingMetrics.ScanDuration.Record(verdict.Elapsed.TotalMilliseconds);

        if (verdict.Infected)
        {
            // Copy now, delete the original only once the verdict is committed: a retry still finds the file.
            var quarantineKey = ObjectKeys.Quarantine(status.ObjectKey);
            await storage.CopyAsync(status.ObjectKey, quarantineKey, ct);
            context.Session.Events.Append(message.UploadId, status.Version, new Scanned(message.UploadId, ScanVerdictKind.Infected,
                verdict.Signature, Engine, clock.GetUtcNow(), quarantineKey));
            context.Session.AfterCommit(() => storage.DeleteAsync(status.ObjectKey, CancellationToken.None));
            logger.LogWarning("Upload {UploadId} is infected ({Signature}); quarantined at {Key}", message.UploadId, verdict.Signature, quarantineKey);
            ProcessingMetrics.Quarantined.Add(1);
            return Cascade.None;
        }
        context.Session.Events.Append(message.UploadId, status.Version,
            new Scanned(message.UploadId, ScanVerdictKind.Clean, null, Engine, clock.GetUtcNow()));
        return [new ProcessUpload(message.UploadId, message.TenantId)];
    }

    public Task OnDeadLetteredAsync(ScanUpload message, MessageContext context, Exception error, CancellationToken ct) =>
        UploadFailures.RecordDeadLetterAsync(context.Session, message.UploadId, Stage, UploadState.Received, error, clock, ct);
}
