using Amazon.S3;
using BuildPeer.Data;
using BuildPeer.Messaging;
using BuildPeer.Processing.Infrastructure;
using BuildPeer.Processing.Tools;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Messages;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Processing.Scanning;

/// <summary>
/// Copies the bytes the upload recorded from the client's incoming key to the upload's own key (which no client URL
/// can write), streams that copy through clamd (INSTREAM) and records the verdict on it: the copy is what is hashed,
/// processed and served. Clean files cascade to processing.
/// </summary>
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

        var storedKey = ObjectKeys.Original(status.TenantId, status.ProjectId, status.Id);
        var fromIncoming = status.ObjectKey != storedKey; // uploads from before the incoming/ prefix were written where they are served
        StoredCopy? copy = null;
        if (fromIncoming)
        {
            copy = await CopyRecordedBytesAsync(status, storedKey, context, ct);
            if (copy is null) return Cascade.None;
        }

        ScanVerdict verdict;
        await using (var content = await storage.OpenReadAsync(storedKey, ct))
            verdict = await clamd.ScanAsync(content, ct);
        ProcessingMetrics.ScanDuration.Record(verdict.Elapsed.TotalMilliseconds);

        if (fromIncoming) context.Session.AfterCommit(() => storage.DeleteAsync(status.ObjectKey, CancellationToken.None));
        if (verdict.Infected)
        {
            // Copy now, delete the scanned copy only once the verdict is committed: a retry still finds the file.
            var quarantineKey = ObjectKeys.Quarantine(storedKey);
            await storage.CopyAsync(storedKey, quarantineKey, ct);
            context.Session.AppendAt(message.UploadId, status.Version, new Scanned(message.UploadId, ScanVerdictKind.Infected,
                verdict.Signature, Engine, clock.GetUtcNow(), quarantineKey));
            context.Session.AfterCommit(() => storage.DeleteAsync(storedKey, CancellationToken.None));
            logger.LogWarning("Upload {UploadId} is infected ({Signature}); quarantined at {Key}", message.UploadId, verdict.Signature, quarantineKey);
            ProcessingMetrics.Quarantined.Add(1);
            return Cascade.None;
        }
        context.Session.AppendAt(message.UploadId, status.Version, new Scanned(message.UploadId, ScanVerdictKind.Clean, null, Engine, clock.GetUtcNow(),
            StoredKey: storedKey, StoredETag: copy?.ETag, StoredVersionId: copy?.VersionId));
        return [new ProcessUpload(message.UploadId, message.TenantId)];
    }

    /// <summary>
    /// The copy carries the ETag recorded at completion as a condition, so S3 copies exactly those bytes or answers 412.
    /// The local emulator checks no conditions, so the incoming object's ETag is also read first. Either way, bytes
    /// written after completion are never scanned: the upload fails with the rejected write recorded.
    /// </summary>
    private async Task<StoredCopy?> CopyRecordedBytesAsync(UploadStatus status, string storedKey, MessageContext context, CancellationToken ct)
    {
        var incoming = await storage.HeadAsync(status.ObjectKey, ct);
        if (incoming is null) throw new StoredObjectMissingException(status.ObjectKey);
        if (LateWrites.Judge(status, incoming.ETag) == LateWriteVerdict.SameBytes)
        {
            try { return await storage.CopyIfMatchAsync(status.ObjectKey, status.ETag!, storedKey, ct); }
            catch (AmazonS3Exception e) when (ObjectStorage.IsPreconditionFailed(e)) { }
        }
        var now = clock.GetUtcNow();
        context.Session.AppendAt(status.Id, status.Version,
            new UploadOverwriteRejected(status.Id, status.ObjectKey, incoming.ETag, incoming.Size, Stage, now),
            Receiving.LateWriteGuard.Failed(status.Id, now));
        context.Session.AfterCommit(() => storage.DeleteAsync(status.ObjectKey, CancellationToken.None));
        logger.LogWarning("Upload {UploadId}: its incoming object changed after completion ({Recorded} → {Stored}); not scanned", status.Id, status.ETag, incoming.ETag);
        ProcessingMetrics.Failed.Add(1, new KeyValuePair<string, object?>("stage", Stage));
        return null;
    }

    public Task OnDeadLetteredAsync(ScanUpload message, MessageContext context, Exception error, CancellationToken ct) =>
        UploadFailures.RecordDeadLetterAsync(context.Session, message.UploadId, Stage, UploadState.Received, error, clock, ct);
}
