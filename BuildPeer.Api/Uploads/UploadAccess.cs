using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Api.Uploads;

public sealed record UploadAccessResult(UploadStatus? Upload, IResult? Denied);

public static class UploadAccess
{
    /// <summary>
    /// Loads an upload the caller may see (404 for another tenant's or a missing one, 403 for a project the caller
    /// is not a member of). With <see cref="ProjectPermission.Upload"/>, only its uploader or a constructora may act.
    /// </summary>
    public static async Task<UploadAccessResult> LoadAsync(TenantSession session, CurrentUser user, Guid uploadId, ProjectPermission permission, CancellationToken ct)
    {
        var status = await UploadStatusQueries.GetAsync(session, uploadId, ct);
        if (status is null) return new(null, Problems.NotFound($"Upload {uploadId}"));
        if (await ProjectAccess.CheckAsync(session, user, status.ProjectId, permission, ct) is { } denied) return new(null, denied);
        if (permission == ProjectPermission.Upload && status.UploaderId != user.UserId && !Roles.SeesAllProjects(user.Role))
            return new(null, Problems.Forbidden("Only the person who started this upload, or a constructora, can change it."));
        return new(status, null);
    }
}
