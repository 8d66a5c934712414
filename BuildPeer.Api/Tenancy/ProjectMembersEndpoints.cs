using BuildPeer.Api.Audit;
using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using Dapper;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Tenancy;

public sealed record ProjectMember(Guid UserId, string Email, string DisplayName, string Role);

public static class ProjectMembersEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/projects/{projectId:guid}/members", ListAsync).WithName("ListProjectMembers")
            .WithSummary("The project's members").Produces<List<ProjectMember>>().ProducesProjectProblems();
        api.MapPut("/projects/{projectId:guid}/members/{userId:guid}", AddAsync).WithName("AddProjectMember")
            .WithSummary("Add a user to the project (constructora)").Produces(StatusCodes.Status204NoContent).ProducesProjectProblems();
        api.MapDelete("/projects/{projectId:guid}/members/{userId:guid}", RemoveAsync).WithName("RemoveProjectMember")
            .WithSummary("Remove a user from the project (constructora)").Produces(StatusCodes.Status204NoContent).ProducesProjectProblems();
    }

    public static async Task<IResult> ListAsync(Guid projectId, HttpContext http, TenantSessions store, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        if (await ProjectAccess.CheckAsync(session, user, projectId, ProjectPermission.Read, ct) is { } denied) return denied;
        var members = await session.Connection.QueryAsync<ProjectMember>(new CommandDefinition("""
            select u.id as UserId, u.email, u.display_name as DisplayName, u.role from project_members m join users u on u.id = m.user_id
            where m.project_id = @projectId and u.deleted_at is null order by u.display_name
            """, new { projectId }, null, cancellationToken: ct));
        return Results.Ok(members);
    }

    public static async Task<IResult> AddAsync(Guid projectId, Guid userId, HttpContext http, TenantSessions store, CancellationToken ct) =>
        await ChangeAsync(projectId, userId, http, store, add: true, ct);

    public static async Task<IResult> RemoveAsync(Guid projectId, Guid userId, HttpContext http, TenantSessions store, CancellationToken ct) =>
        await ChangeAsync(projectId, userId, http, store, add: false, ct);

    private static async Task<IResult> ChangeAsync(Guid projectId, Guid userId, HttpContext http, TenantSessions store, bool add, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        if (await ProjectAccess.CheckAsync(session, user, projectId, ProjectPermission.Read, ct) is { } denied) return denied;
        if (ConstructoraOnly.Check(user, "change project members") is { } notAllowed) return notAllowed;
        var exists = await session.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from users where id = @userId and deleted_at is null)", new { userId }, null, cancellationToken: ct));
        if (!exists) return Problems.NotFound($"User {userId}");

        await session.Connection.ExecuteAsync(new CommandDefinition(add
            ? "insert into project_members (tenant_id, project_id, user_id) values (@tenant, @projectId, @userId) on conflict do nothing"
            : "delete from project_members where project_id = @projectId and user_id = @userId",
            new { tenant = user.TenantId, projectId, userId }, null, cancellationToken: ct));
        await AuditLog.WriteAsync(session, http, user, add ? AuditActions.MemberAdded : AuditActions.MemberRemoved, $"{projectId}/{userId}");
        await session.SaveChangesAsync(ct);
        return Results.NoContent();
    }
}
