using JasperFx.Events;
using BuildPeer.Api.Audit;
using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Uploads;

public static class DeleteUploadEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapDelete("/uploads/{uploadId:guid}", HandleAsync).WithName("DeleteUpload")
        .WithSummary("Delete an upload (its uploader before processing, a constructora any time)").Produces(StatusCodes.Status204NoContent).ProducesUploadProblems()
        .ProducesConflicts("Changed meanwhile");

    /// <summary>
    /// Aborts an unfinished multipart upload or deletes the stored objects, and appends UploadDeleted.
    /// An empleado deletes only its own uploads, and only before they are processed; a constructora any.
    /// </summary>
    public static async Task<IResult> HandleAsync(Guid uploadId, HttpContext http, TenantSessions store, ObjectStorage storage, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        var (status, denied) = await UploadAccess.LoadAsync(session, user, uploadId, ProjectPermission.Upload, ct);
        if (denied is not null) return denied;
        if (status!.Status == UploadState.Deleted) return Results.NoContent();
        if (!Roles.SeesAllProjects(user.Role) && status.Status is UploadState.Processed or UploadState.Quarantined)
            return Problems.Forbidden($"The upload is {status.Status}; only a constructora can delete it now.");

        if (status is { Multipart: true, Status: UploadState.Requested }) await storage.AbortMultipartIfOpenAsync(status.ObjectKey, status.MultipartUploadId!, ct);
        await storage.DeleteAsync(status.ObjectKey, ct);
        var scannedCopy = ObjectKeys.Original(status.TenantId, status.ProjectId, status.Id);
        if (scannedCopy != status.ObjectKey) await storage.DeleteAsync(scannedCopy, ct);
        foreach (var rendition in status.Renditions) await storage.DeleteAsync(rendition.ObjectKey, ct);

        session.AppendAt(uploadId, status.Version, new UploadDeleted(uploadId, user.UserId, clock.GetUtcNow()));
        await AuditLog.WriteAsync(session, http, user, AuditActions.Delete, uploadId.ToString(), detail: new { previous = status.Status.ToString() });
        try { await session.SaveChangesAsync(ct); }
        catch (EventStreamUnexpectedMaxEventIdException)
        {
            return Problems.Conflict("Changed meanwhile", "The upload changed while it was being deleted (the pipeline moved it on). Look at its status and try again.");
        }
        return Results.NoContent();
    }
}
