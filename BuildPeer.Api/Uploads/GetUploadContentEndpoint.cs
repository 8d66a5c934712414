using BuildPeer.Api.Audit;
using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Projection;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Uploads;

public static class GetUploadContentEndpoint
{
    public const string Original = "original";
    private static readonly TimeSpan DownloadLifetime = TimeSpan.FromMinutes(5);

    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/uploads/{uploadId:guid}/content", HandleAsync).WithName("GetUploadContent")
        .WithSummary("Download the file or a rendition: a 302 to a 5-minute presigned GET, once scanned clean")
        .ProducesRedirect("A presigned GET of the original or the rendition, valid 5 minutes.").ProducesUploadProblems().ProducesConflicts("Quarantined", "Not available");

    /// <summary>
    /// A 302 to a short-lived presigned GET of the scanned copy (pinned to its version where the bucket keeps versions).
    /// Nothing is served before a clean scan, never for quarantined files, and never from the key clients write.
    /// </summary>
    public static async Task<IResult> HandleAsync(Guid uploadId, string? rendition, HttpContext http, TenantSessions store, ObjectStorage storage, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        var (status, denied) = await UploadAccess.LoadAsync(session, user, uploadId, ProjectPermission.Read, ct);
        if (denied is not null) return denied;

        if (status!.Status == UploadState.Quarantined)
            return Problems.Conflict("Quarantined", $"This file was quarantined by the virus scan ({status.ScanSignature}) and is never served.");
        if (status.Status is not (UploadState.Scanned or UploadState.Processed))
            return Problems.Conflict("Not available", $"The file is {status.Status}; content is served once it has been scanned clean.");

        var name = string.IsNullOrEmpty(rendition) ? Original : rendition;
        string url;
        if (name == Original)
        {
            url = storage.PresignGet(status.OriginalToServe()!, DownloadLifetime, status.FileName, status.ContentType, status.ServedVersionId);
        }
        else
        {
            var found = status.Renditions.FirstOrDefault(r => r.Name == name);
            if (found is null)
            {
                var available = string.Join(", ", new[] { Original }.Concat(status.Renditions.Select(r => r.Name)));
                return Problems.NotFound($"Rendition '{name}' of upload {uploadId} (available: {available})");
            }
            url = storage.PresignGet(found.ObjectKey, DownloadLifetime, contentType: found.ContentType);
        }
        // Thumbnails are fetched by the hundred when a grid renders; the audit trail records file downloads.
        if (name == Original)
        {
            await AuditLog.WriteAsync(session, http, user, AuditActions.Download, uploadId.ToString());
            await session.SaveChangesAsync(ct);
        }
        return Results.Redirect(url);
    }
}
