using Amazon.S3;
using BuildPeer.Processing.Infrastructure;
using BuildPeer.Processing.Receiving;
using BuildPeer.Processing.Tools;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Messages;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;
using JasperFx.Events;
using Marten;
using Wolverine;

namespace BuildPeer.Processing.Scanning;

/// <summary>
/// Copies the bytes the upload recorded from the client's incoming key to the upload's own key (which no client URL
/// can write), streams that copy through clamd (INSTREAM) and records the verdict on it: the copy is what is hashed,
/// processed and served. Clean files cascade to processing. Wolverine commits the session (events and cascaded
/// messages together) after the handler returns.
/// </summary>
public static class ScanUploadHandler
{
    public const string Stage = "scan";
    public const string Engine = "clamav";

    public static async Task<OutgoingMessages> HandleAsync(ScanUpload message, IDocumentSession session, ObjectStorage storage, ClamdClient clamd,
        TimeProvider clock, ILogger<ScanUpload> logger, CancellationToken ct)
    {
        PipelineTenancy.Check(session, message.TenantId);
        var outgoing = new OutgoingMessages();
        var stream = await session.Events.FetchForWriting<UploadStatus>(message.UploadId, ct);
        if (stream.Aggregate is not { Status: UploadState.Received } status)
        {
            logger.LogInformation("Upload {UploadId} is {Status}; nothing to scan", message.UploadId, stream.Aggregate?.Status);
            return outgoing;
        }

        var storedKey = ObjectKeys.Original(status.TenantId, status.ProjectId, status.Id);
        var fromIncoming = status.ObjectKey != storedKey; // uploads from before the incoming/ prefix were written where they are served
        StoredCopy? copy = null;
        if (fromIncoming)
        {
            copy = await CopyRecordedBytesAsync(status, stream, storedKey, storage, clock, logger, ct);
            outgoing.Add(new RemoveStoredObject(status.ObjectKey));
            if (copy is null) return outgoing;
        }

        ScanVerdict verdict;
        await using (var content = await storage.OpenReadAsync(storedKey, ct))
            verdict = await clamd.ScanAsync(content, ct);
        ProcessingMetrics.ScanDuration.Record(verdict.Elapsed.TotalMilliseconds);

        if (verdict.Infected)
        {
            // Copy now, delete the scanned copy only once the verdict is committed: a retry still finds the file.
            var quarantineKey = ObjectKeys.Quarantine(storedKey);
            await storage.CopyAsync(storedKey, quarantineKey, ct);
            stream.AppendOne(new Scanned(message.UploadId, ScanVerdictKind.Infected, verdict.Signature, Engine, clock.GetUtcNow(), quarantineKey));
            outgoing.Add(new RemoveStoredObject(storedKey));
            logger.LogWarning("Upload {UploadId} is infected ({Signature}); quarantined at {Key}", message.UploadId, verdict.Signature, quarantineKey);
            ProcessingMetrics.Quarantined.Add(1);
            return outgoing;
        }
        stream.AppendOne(new Scanned(message.UploadId, ScanVerdictKind.Clean, null, Engine, clock.GetUtcNow(),
            StoredKey: storedKey, StoredETag: copy?.ETag, StoredVersionId: copy?.VersionId));
        outgoing.Add(new ProcessUpload(message.UploadId, message.TenantId));
        return outgoing;
    }

    /// <summary>
    /// The copy carries the ETag recorded at completion as a condition, so S3 copies exactly those bytes or answers 412.
    /// The local emulator checks no conditions, so the incoming object's ETag is also read first. Either way, bytes
    /// written after completion are never scanned: the upload fails with the rejected write recorded.
    /// </summary>
    private static async Task<StoredCopy?> CopyRecordedBytesAsync(UploadStatus status, IEventStream<UploadStatus> stream, string storedKey,
        ObjectStorage storage, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var incoming = await storage.HeadAsync(status.ObjectKey, ct);
        if (incoming is null) throw new StoredObjectMissingException(status.ObjectKey);
        if (LateWrites.Judge(status, incoming.ETag) == LateWriteVerdict.SameBytes)
        {
            try { return await storage.CopyIfMatchAsync(status.ObjectKey, status.ETag!, storedKey, ct); }
            catch (AmazonS3Exception e) when (ObjectStorage.IsPreconditionFailed(e)) { }
        }
        var now = clock.GetUtcNow();
        stream.AppendMany(new UploadOverwriteRejected(status.Id, status.ObjectKey, incoming.ETag, incoming.Size, Stage, now),
            LateWriteGuard.Failed(status.Id, now));
        logger.LogWarning("Upload {UploadId}: its incoming object changed after completion ({Recorded} → {Stored}); not scanned", status.Id, status.ETag, incoming.ETag);
        ProcessingMetrics.Failed.Add(1, new KeyValuePair<string, object?>("stage", Stage));
        return null;
    }
}
