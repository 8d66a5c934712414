using JasperFx.Events;
using BuildPeer.Data;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Messages;
using BuildPeer.Uploads.Projection;

namespace BuildPeer.Processing.Receiving;

/// <summary>
/// Records UploadReceived (and the ScanUpload message, in the same transaction) for an upload whose object is
/// in storage but whose client never called complete. Idempotent with the complete call: an expected-version
/// append, so whichever path comes second changes nothing.
/// </summary>
public sealed class UploadReceiver(TenantSessions store, ObjectStorage storage, TimeProvider clock, ILogger<UploadReceiver> logger)
{
    public async Task<bool> TryReceiveAsync(Guid tenantId, Guid uploadId, string source, CancellationToken ct)
    {
        await using var session = await store.OpenAsync(tenantId, ct);
        var status = await UploadStatusQueries.GetAsync(session, uploadId, ct);
        if (status is not { Status: UploadState.Requested }) return false;
        var stored = await storage.HeadAsync(status.ObjectKey, ct);
        if (stored is null) return false;
        if (stored.Size != status.Size)
        {
            logger.LogWarning("Upload {UploadId}: stored {Stored} bytes, declared {Declared}; waiting for the client", uploadId, stored.Size, status.Size);
            return false;
        }
        session.AppendAt(uploadId, status.Version, new UploadReceived(uploadId, stored.Size, stored.ETag, source, clock.GetUtcNow()));
        session.Publish(new ScanUpload(uploadId, tenantId));
        try
        {
            await session.SaveChangesAsync(ct);
            logger.LogInformation("Upload {UploadId} received through {Source}", uploadId, source);
            return true;
        }
        catch (EventStreamUnexpectedMaxEventIdException)
        {
            return false;
        }
    }
}
