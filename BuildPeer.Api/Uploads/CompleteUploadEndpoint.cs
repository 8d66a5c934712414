using JasperFx.Events;
using BuildPeer.Api.Audit;
using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Messages;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;
using Microsoft.Extensions.Options;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Uploads;

/// <summary>Optional: a client that hashed the file while sending it declares the SHA-256 here instead of at initiation.</summary>
public sealed record CompleteUploadRequest(string? Sha256);

public static class CompleteUploadEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/uploads/{uploadId:guid}/complete", HandleAsync).WithName("CompleteUpload")
            .WithSummary("Complete: check the stored bytes and hand the file to the pipeline (idempotent)").Produces<UploadView>(StatusCodes.Status202Accepted)
            .ProducesValidation().ProducesUploadProblems().ProducesConflicts("Parts missing", "File not uploaded yet", "Size mismatch");

    /// <summary>
    /// Checks the object really is in storage (every part, with its size, for multipart), then appends
    /// UploadReceived and, in the same transaction, the ScanUpload message. Calling it again (or after the
    /// S3 event path received it) answers the current status.
    /// </summary>
    public static async Task<IResult> HandleAsync(Guid uploadId, CompleteUploadRequest? request, HttpContext http, TenantSessions store,
        ObjectStorage storage, IOptions<UploadLimits> limits, TimeProvider clock, CancellationToken ct)
    {
        if (request?.Sha256 is { } sha && !UploadRequestRules.IsSha256Hex(sha))
            return Problems.Validation(new() { ["sha256"] = ["sha256 must be 64 hexadecimal characters (the SHA-256 of the whole file)."] });

        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        var (status, denied) = await UploadAccess.LoadAsync(session, user, uploadId, ProjectPermission.Upload, ct);
        if (denied is not null) return denied;
        if (status!.Status != UploadState.Requested) return Results.Accepted(status.Links().Self, UploadView.From(status));

        if (status.Multipart && await CompleteMultipartAsync(status, storage, limits.Value, ct) is { } incomplete) return incomplete;

        var stored = await storage.HeadAsync(status.ObjectKey, ct);
        if (stored is null)
            return Problems.Conflict("File not uploaded yet", "The file is not in storage yet. PUT its bytes to the upload URL first, then call complete.");
        if (stored.Size != status.Size)
            return Problems.Conflict("Size mismatch", $"The stored file has {stored.Size} bytes but {status.Size} were declared. Upload the whole file again to the same URL.");

        await ReceiveAsync(session, status, stored, request?.Sha256, http, user, clock, ct);
        await using var read = await store.OpenAsync(user.TenantId, ct);
        var current = (await UploadStatusQueries.GetAsync(read, uploadId, ct))!;
        return Results.Accepted(current.Links().Self, UploadView.From(current));
    }

    /// <summary>
    /// Appends UploadReceived + ScanUpload at the upload's version. If the stream moved meanwhile, a late part
    /// confirmation may be why: look again and retry while it is still Requested; otherwise another path
    /// (a second complete, the S3 event listener) received it first and there is nothing left to do.
    /// </summary>
    private static async Task ReceiveAsync(TenantSession first, UploadStatus status, StoredObject stored, string? sha256, HttpContext http,
        CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var store = http.RequestServices.GetRequiredService<TenantSessions>();
        var session = first;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            session.AppendAt(status.Id, status.Version,
                new UploadReceived(status.Id, stored.Size, stored.ETag, "client", clock.GetUtcNow(), sha256?.ToLowerInvariant()));
            session.Publish(new ScanUpload(status.Id, user.TenantId));
            await AuditLog.WriteAsync(session, http, user, AuditActions.Complete, status.Id.ToString(), detail: new { stored.Size });
            try
            {
                await session.SaveChangesAsync(ct);
                return;
            }
            catch (EventStreamUnexpectedMaxEventIdException)
            {
                if (session != first) await session.DisposeAsync();
                session = await store.OpenAsync(user.TenantId, ct);
                var latest = await UploadStatusQueries.GetAsync(session, status.Id, ct);
                if (latest is not { Status: UploadState.Requested }) break;
                status = latest;
            }
        }
        if (session != first) await session.DisposeAsync();
    }

    private static async Task<IResult?> CompleteMultipartAsync(UploadStatus status, ObjectStorage storage, UploadLimits limits, CancellationToken ct)
    {
        if (await storage.HeadAsync(status.ObjectKey, ct) is not null) return null; // completed by an earlier call that then failed to record it
        var plan = UploadPlan.For(status.Size, limits with { PartSize = status.PartSize });
        var stored = (await storage.ListPartsAsync(status.ObjectKey, status.MultipartUploadId!, ct)).ToDictionary(p => p.PartNumber);
        var missing = plan.Parts.Where(p => !stored.TryGetValue(p.PartNumber, out var s) || s.Size != p.Length).Select(p => p.PartNumber).ToList();
        if (missing.Count > 0)
            return Problems.Conflict("Parts missing",
                $"{plan.Parts.Count - missing.Count} of {plan.Parts.Count} parts have arrived; missing or incomplete: {string.Join(", ", missing)}. Upload them (GET /parts lists what is left), then call complete again.");
        await storage.CompleteMultipartAsync(status.ObjectKey, status.MultipartUploadId!, plan.Parts.Select(p => stored[p.PartNumber]).ToList(), ct);
        return null;
    }
}
