using BuildPeer.Api.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace BuildPeer.Api.Auth;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record LoginResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, Guid UserId, Guid TenantId, string Role, string DisplayName);

/// <summary>The user row as the login look-up function returns it (before a tenant is known).</summary>
public sealed record LoginUser(Guid Id, Guid TenantId, string Email, string DisplayName, string Role, string PasswordHash);

public static class LoginEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/auth/login", HandleAsync).AllowAnonymous().WithName("Login");

    public static async Task<IResult> HandleAsync(LoginRequest? request, NpgsqlDataSource db, IPasswordHasher<LoginUser> hasher, TokenIssuer tokens, CancellationToken ct)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
            return Problems.Validation(new() { ["email"] = ["email and password are required."] });

        await using var conn = await db.OpenConnectionAsync(ct);
        var user = await conn.QuerySingleOrDefaultAsync<LoginUser>(new CommandDefinition(
            "select id, tenant_id as TenantId, email, display_name as DisplayName, role, password_hash as PasswordHash from auth_find_user(@email)",
            new { email = request.Email.Trim() }, cancellationToken: ct));
        if (user is null || hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
            return Problems.Unauthorized("The email or password is not correct.");

        var token = tokens.Issue(user.Id, user.TenantId, user.Role, user.Email);
        return Results.Ok(new LoginResponse(token.Token, "Bearer", token.ExpiresAt, user.Id, user.TenantId, user.Role, user.DisplayName));
    }
}
