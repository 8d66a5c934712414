using BuildPeer.Api.Auth;
using BuildPeer.Data;
using BuildPeer.Uploads.Rules;
using Dapper;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Projects;

public sealed record ProjectSummary(Guid Id, string Name, DateTime CreatedAt, long UploadCount);

public static class ListProjectsEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/projects", HandleAsync).WithName("ListProjects")
        .WithSummary("The caller's projects (every project of the tenant for a constructora)").Produces<List<ProjectSummary>>();

    public static async Task<IResult> HandleAsync(HttpContext http, TenantSessions store, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        var projects = await session.Connection.QueryAsync<ProjectSummary>(new CommandDefinition($$"""
            select p.id, p.name, p.created_at as CreatedAt,
                   (select count(*) from upload_status u where u.project_id = p.id and {{UploadStatusQueries.Listed}}) as UploadCount
            from projects p
            where @all or exists (select 1 from project_members m where m.project_id = p.id and m.user_id = @userId)
            order by p.name
            """, new { all = Roles.SeesAllProjects(user.Role), userId = user.UserId }, null, cancellationToken: ct));
        return Results.Ok(projects);
    }
}
