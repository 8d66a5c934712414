using BuildPeer.Api.Infrastructure;
using BuildPeer.Data;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Auth;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record LoginResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, string RefreshToken, Guid UserId, Guid TenantId, string Role, string DisplayName);

/// <summary>The user row as the login look-up function returns it (before a tenant is known).</summary>
public sealed record LoginUser(Guid Id, Guid TenantId, string Email, string DisplayName, string Role, string PasswordHash, DateTime? LockedUntil = null);

public static class LoginEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/auth/login", HandleAsync).AllowAnonymous().WithName("Login")
            .WithSummary("Log in: an access token (15 min) and a refresh token").WithLoginExample()
            .Produces<LoginResponse>().ProducesValidation().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status423Locked);

    public static async Task<IResult> HandleAsync(LoginRequest? request, HttpContext http, NpgsqlDataSource db, TenantSessions store,
        IPasswordHasher<LoginUser> hasher, TokenIssuer tokens, IOptions<AuthOptions> options, CancellationToken ct)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
            return Problems.Validation(new() { ["email"] = ["email and password are required."] });

        await using var conn = await db.OpenConnectionAsync(ct);
        var user = await conn.QuerySingleOrDefaultAsync<LoginUser>(new CommandDefinition(
            "select id, tenant_id as TenantId, email, display_name as DisplayName, role, password_hash as PasswordHash, locked_until as LockedUntil from auth_find_user(@email)",
            new { email = request.Email.Trim() }, cancellationToken: ct));
        if (user is null) return Problems.Unauthorized("The email or password is not correct.");

        var ip = http.Connection.RemoteIpAddress?.ToString();
        if (user.LockedUntil is { } until && until > DateTime.UtcNow)
        {
            await AuditAsync(conn, user, ip, "locked", ct);
            var wait = (int)Math.Ceiling((until - DateTime.UtcNow).TotalSeconds);
            http.Response.Headers.RetryAfter = wait.ToString();
            return Results.Problem(statusCode: StatusCodes.Status423Locked, title: "Account locked",
                detail: $"Too many failed logins. Try again in {Math.Ceiling(wait / 60.0)} minutes or ask your constructora to reset your password.");
        }

        var ok = hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password) != PasswordVerificationResult.Failed;
        await conn.ExecuteAsync(new CommandDefinition("select auth_record_login(@id, @ok, @max, @lockout)",
            new { id = user.Id, ok, max = options.Value.MaxFailedLogins, lockout = options.Value.LockoutDuration }, cancellationToken: ct));
        await AuditAsync(conn, user, ip, ok ? "ok" : "failed", ct);
        if (!ok) return Problems.Unauthorized("The email or password is not correct.");

        await using var session = await store.OpenAsync(user.TenantId, ct);
        var (_, refresh) = await RefreshTokens.IssueAsync(session, user.Id, options.Value.RefreshTokenLifetime, ct);
        await session.SaveChangesAsync(ct);
        var access = tokens.Issue(user.Id, user.TenantId, user.Role, user.Email);
        return Results.Ok(new LoginResponse(access.Token, "Bearer", access.ExpiresAt, refresh, user.Id, user.TenantId, user.Role, user.DisplayName));
    }

    private static Task AuditAsync(NpgsqlConnection conn, LoginUser user, string? ip, string result, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("select audit_login(@tenant, @user, @role, @ip, @result, @email)",
            new { tenant = user.TenantId, user = user.Id, role = user.Role, ip, result, email = user.Email }, cancellationToken: ct));
}
