using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Data;
using BuildPeer.Uploads.Rules;
using Dapper;

namespace BuildPeer.Api.Projects;

public enum ProjectPermission { Read, Upload }

public static class ProjectAccess
{
    /// <summary>
    /// Null when the caller may act on the project; otherwise the problem to answer. Another tenant's
    /// project is invisible under row-level security, so it answers 404 like a missing one.
    /// </summary>
    public static async Task<IResult?> CheckAsync(TenantSession session, CurrentUser user, Guid projectId, ProjectPermission permission, CancellationToken ct)
    {
        // One round trip for both questions: this runs on every upload initiation.
        var (exists, member) = await session.Connection.QuerySingleAsync<(bool, bool)>(new CommandDefinition("""
            select exists (select 1 from projects where id = @projectId),
                   exists (select 1 from project_members where project_id = @projectId and user_id = @userId)
            """, new { projectId, userId = user.UserId }, null, cancellationToken: ct));
        if (!exists) return Problems.NotFound($"Project {projectId}");
        if (!member && !Roles.SeesAllProjects(user.Role))
            return Problems.Forbidden("You are not a member of this project. Ask your constructora to add you.");

        if (permission == ProjectPermission.Upload && !Roles.CanUpload(user.Role))
            return Problems.Forbidden($"The {user.Role} role can view this project but not upload to it.");
        return null;
    }
}
