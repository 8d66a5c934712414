using BuildPeer.Api.Audit;
using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Data;
using Dapper;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Tenancy;

public sealed record CreateProjectRequest(string? Name);

public sealed record CreatedProject(Guid Id, string Name);

public static class CreateProjectEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapPost("/projects", HandleAsync).WithName("CreateProject")
        .WithSummary("Create a project (constructora)").Produces<CreatedProject>(StatusCodes.Status201Created).ProducesValidation().ProducesProblems(StatusCodes.Status403Forbidden);

    public static async Task<IResult> HandleAsync(CreateProjectRequest? request, HttpContext http, TenantSessions store, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (ConstructoraOnly.Check(user, "create projects") is { } denied) return denied;
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
            return Problems.Validation(new() { ["name"] = ["name is required, at most 200 characters."] });

        var id = Guid.CreateVersion7();
        await using var session = await store.OpenAsync(user.TenantId, ct);
        await session.Connection.ExecuteAsync(new CommandDefinition("insert into projects (id, tenant_id, name) values (@id, @tenant, @name)",
            new { id, tenant = user.TenantId, name }, null, cancellationToken: ct));
        await AuditLog.WriteAsync(session, http, user, AuditActions.ProjectCreated, id.ToString(), detail: new { name });
        await session.SaveChangesAsync(ct);
        return Results.Created($"/api/projects/{id}", new CreatedProject(id, name));
    }
}
