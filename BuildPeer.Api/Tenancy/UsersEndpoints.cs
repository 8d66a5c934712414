using BuildPeer.Api.Audit;
using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Data;
using BuildPeer.Uploads.Rules;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Tenancy;

public sealed record CreateUserRequest(string? Email, string? DisplayName, string? Role, string? Password);

public sealed record ChangeRoleRequest(string? Role);

public sealed record CreatedUser(Guid Id, string Email, string Role);

public sealed record TenantUser(Guid Id, string Email, string DisplayName, string Role, DateTime CreatedAt);

public static class UsersEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/users", ListAsync).WithName("ListUsers")
            .WithSummary("The people of the company (constructora)").Produces<List<TenantUser>>().ProducesProblems(StatusCodes.Status403Forbidden);
        api.MapPost("/users", CreateAsync).WithName("CreateUser")
            .WithSummary("Create a user (constructora)").Produces<CreatedUser>(StatusCodes.Status201Created)
            .ProducesValidation().ProducesProblems(StatusCodes.Status403Forbidden).ProducesConflicts("Email taken");
        api.MapPut("/users/{userId:guid}/role", ChangeRoleAsync).WithName("ChangeUserRole")
            .WithSummary("Change a user's role; their sessions end (constructora)").Produces(StatusCodes.Status204NoContent)
            .ProducesValidation().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapDelete("/users/{userId:guid}", DeleteAsync).WithName("DeleteUser")
            .WithSummary("Remove a user: anonymised, sessions revoked, uploads kept (constructora)").Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound).ProducesConflicts("Cannot remove yourself");
    }

    public static async Task<IResult> ListAsync(HttpContext http, TenantSessions store, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (ConstructoraOnly.Check(user, "list users") is { } denied) return denied;
        await using var session = await store.OpenAsync(user.TenantId, ct);
        return Results.Ok(await session.Connection.QueryAsync<TenantUser>(new CommandDefinition(
            "select id, email, display_name as DisplayName, role, created_at as CreatedAt from users where deleted_at is null order by display_name",
            transaction: null, cancellationToken: ct)));
    }

    public static async Task<IResult> CreateAsync(CreateUserRequest? request, HttpContext http, TenantSessions store, IPasswordHasher<LoginUser> hasher, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (ConstructoraOnly.Check(user, "create users") is { } denied) return denied;
        var errors = new Dictionary<string, string[]>();
        if (request?.Email is not { Length: > 3 } email || !email.Contains('@')) errors["email"] = ["email must be an email address."];
        if (string.IsNullOrWhiteSpace(request?.DisplayName)) errors["displayName"] = ["displayName is required."];
        if (request?.Role is not { } role || !Roles.All.Contains(role)) errors["role"] = [$"role must be one of: {string.Join(", ", Roles.All)}."];
        if (request?.Password is not { Length: >= 12 }) errors["password"] = ["password must have at least 12 characters."];
        if (errors.Count > 0) return Problems.Validation(errors);

        var id = Guid.CreateVersion7();
        var hash = hasher.HashPassword(new LoginUser(id, user.TenantId, request!.Email!, request.DisplayName!, request.Role!, ""), request.Password!);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        try
        {
            await session.Connection.ExecuteAsync(new CommandDefinition("""
                insert into users (id, tenant_id, email, display_name, role, password_hash) values (@id, @tenant, @email, @name, @role, @hash)
                """, new { id, tenant = user.TenantId, email = request.Email!.Trim(), name = request.DisplayName!.Trim(), role = request.Role, hash },
                null, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problems.Conflict("Email taken", "A user with this email already exists.");
        }
        await AuditLog.WriteAsync(session, http, user, AuditActions.UserCreated, id.ToString(), detail: new { request.Email, request.Role });
        await session.SaveChangesAsync(ct);
        return Results.Created($"/api/users/{id}", new CreatedUser(id, request.Email!, request.Role!));
    }

    public static async Task<IResult> ChangeRoleAsync(Guid userId, ChangeRoleRequest? request, HttpContext http, TenantSessions store, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (ConstructoraOnly.Check(user, "change roles") is { } denied) return denied;
        if (request?.Role is not { } role || !Roles.All.Contains(role))
            return Problems.Validation(new() { ["role"] = [$"role must be one of: {string.Join(", ", Roles.All)}."] });
        await using var session = await store.OpenAsync(user.TenantId, ct);
        var changed = await session.Connection.ExecuteAsync(new CommandDefinition(
            "update users set role = @role where id = @userId and deleted_at is null", new { role, userId }, null, cancellationToken: ct));
        if (changed == 0) return Problems.NotFound($"User {userId}");
        // Existing sessions carry the old role in their tokens: make them log in again.
        await RefreshTokens.RevokeAllAsync(session, userId, ct);
        await AuditLog.WriteAsync(session, http, user, AuditActions.RoleChanged, userId.ToString(), detail: new { role });
        await session.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    /// <summary>Removes a user: sessions revoked, personal data anonymised; their uploads stay with the project.</summary>
    public static async Task<IResult> DeleteAsync(Guid userId, HttpContext http, TenantSessions store, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (ConstructoraOnly.Check(user, "remove users") is { } denied) return denied;
        if (userId == user.UserId) return Problems.Conflict("Cannot remove yourself", "Ask another constructora of your company to remove your account.");
        await using var session = await store.OpenAsync(user.TenantId, ct);
        var changed = await session.Connection.ExecuteAsync(new CommandDefinition("""
            update users set deleted_at = now(), email = 'deleted-' || id || '@invalid', display_name = 'Usuario eliminado',
              password_hash = '', failed_logins = 0, locked_until = null
            where id = @userId and deleted_at is null
            """, new { userId }, null, cancellationToken: ct));
        if (changed == 0) return Problems.NotFound($"User {userId}");
        await session.Connection.ExecuteAsync(new CommandDefinition("delete from project_members where user_id = @userId", new { userId }, null, cancellationToken: ct));
        await RefreshTokens.RevokeAllAsync(session, userId, ct);
        await AuditLog.WriteAsync(session, http, user, AuditActions.UserDeleted, userId.ToString());
        await session.SaveChangesAsync(ct);
        return Results.NoContent();
    }
}
