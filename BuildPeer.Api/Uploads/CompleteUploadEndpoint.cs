using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Data;
using BuildPeer.EventStore;
using BuildPeer.Messaging;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Messages;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Api.Uploads;

public static class CompleteUploadEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/uploads/{uploadId:guid}/complete", HandleAsync).WithName("CompleteUpload");

    /// <summary>
    /// Checks the object really is in storage, then appends UploadReceived and, in the same transaction,
    /// the ScanUpload message. Calling it again (or after the S3 event path) answers the current status.
    /// </summary>
    public static async Task<IResult> HandleAsync(Guid uploadId, HttpContext http, DocumentStore store, ObjectStorage storage,
        DurableOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var session = await store.LightweightSessionAsync(user.TenantId, ct);
        var status = await UploadStatusQueries.GetAsync(session, uploadId, ct);
        if (status is null) return Problems.NotFound($"Upload {uploadId}");
        if (status.UploaderId != user.UserId && !Roles.SeesAllProjects(user.Role))
            return Problems.Forbidden("Only the person who started this upload (or a constructora) can complete it.");
        if (status.Status != UploadState.Requested) return Results.Accepted(status.Links().Self, UploadView.From(status));

        if (status.Multipart)
        {
            var parts = await storage.ListPartsAsync(status.ObjectKey, status.MultipartUploadId!, ct);
            var expected = (int)Math.Ceiling(status.Size / (double)status.PartSize);
            if (parts.Count < expected)
                return Problems.Conflict("Parts missing", $"{parts.Count} of {expected} parts have arrived. Upload the missing parts, then call complete again.");
            await storage.CompleteMultipartAsync(status.ObjectKey, status.MultipartUploadId!, parts, ct);
        }

        var stored = await storage.HeadAsync(status.ObjectKey, ct);
        if (stored is null)
            return Problems.Conflict("File not uploaded yet", "The file is not in storage yet. PUT its bytes to the upload URL first, then call complete.");
        if (stored.Size != status.Size)
            return Problems.Conflict("Size mismatch", $"The stored file has {stored.Size} bytes but {status.Size} were declared. Upload the whole file again to the same URL.");

        session.Events.Append(uploadId, status.Version, new UploadReceived(uploadId, stored.Size, stored.ETag, "client", clock.GetUtcNow()));
        outbox.Publish(session, new ScanUpload(uploadId, user.TenantId));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (EventStreamUnexpectedMaxEventIdException)
        {
            // Another path (a second complete call, the S3 event listener) received it first.
            await using var fresh = await store.LightweightSessionAsync(user.TenantId, ct);
            var current = await UploadStatusQueries.GetAsync(fresh, uploadId, ct);
            return Results.Accepted(status.Links().Self, UploadView.From(current!));
        }
        var after = await ReadAsync(store, user.TenantId, uploadId, ct);
        return Results.Accepted(status.Links().Self, UploadView.From(after!));
    }

    private static async Task<UploadStatus?> ReadAsync(DocumentStore store, Guid tenantId, Guid uploadId, CancellationToken ct)
    {
        await using var session = await store.LightweightSessionAsync(tenantId, ct);
        return await UploadStatusQueries.GetAsync(session, uploadId, ct);
    }
}
