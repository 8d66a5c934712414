using BuildPeer.Api.Infrastructure;
using BuildPeer.Data;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Auth;

public sealed record RefreshRequest(string? RefreshToken);

public sealed record RefreshResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, string RefreshToken);

public static class RefreshEndpoint
{
    private sealed record StoredRefreshToken(Guid Id, Guid TenantId, Guid UserId, DateTime ExpiresAt, DateTime? RevokedAt);
    private sealed record TokenOwner(string Role, string Email);

    public static void Map(IEndpointRouteBuilder api) => api.MapPost("/auth/refresh", HandleAsync).AllowAnonymous().WithName("RefreshToken")
        .WithSummary("Trade the refresh token for new tokens (reusing an old one signs the user out everywhere)")
        .Produces<RefreshResponse>().ProducesValidation().ProducesProblems(StatusCodes.Status401Unauthorized);

    /// <summary>
    /// Trades a refresh token for a new access token and a new refresh token (rotation). Reusing a rotated
    /// token revokes every token of that user: it was stolen or replayed.
    /// </summary>
    public static async Task<IResult> HandleAsync(RefreshRequest? request, NpgsqlDataSource db, TenantSessions store, TokenIssuer tokens,
        IOptions<AuthOptions> options, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.RefreshToken))
            return Problems.Validation(new() { ["refreshToken"] = ["refreshToken is required."] });

        await using var conn = await db.OpenConnectionAsync(ct);
        var token = await conn.QuerySingleOrDefaultAsync<StoredRefreshToken>(new CommandDefinition(
            "select id, tenant_id as TenantId, user_id as UserId, expires_at as ExpiresAt, revoked_at as RevokedAt from auth_find_refresh_token(@hash)",
            new { hash = RefreshTokens.Hash(request.RefreshToken) }, cancellationToken: ct));
        if (token is null || token.ExpiresAt < DateTime.UtcNow)
            return Problems.Unauthorized("The refresh token is not valid. Log in again.");

        await using var session = await store.OpenAsync(token.TenantId, ct);
        if (token.RevokedAt is not null)
        {
            await RefreshTokens.RevokeAllAsync(session, token.UserId, ct);
            await session.SaveChangesAsync(ct);
            return Problems.Unauthorized("The refresh token was already used or revoked; every session of this user was signed out. Log in again.");
        }
        var u = await session.Connection.QuerySingleOrDefaultAsync<TokenOwner>(new CommandDefinition(
            "select role, email from users where id = @id and deleted_at is null", new { id = token.UserId }, null, cancellationToken: ct));
        if (u is null) return Problems.Unauthorized("The user no longer exists.");

        var (newId, newToken) = await RefreshTokens.IssueAsync(session, token.UserId, options.Value.RefreshTokenLifetime, ct);
        await session.Connection.ExecuteAsync(new CommandDefinition(
            "update refresh_tokens set revoked_at = now(), replaced_by = @newId where id = @id", new { newId, id = token.Id }, null, cancellationToken: ct));
        await session.SaveChangesAsync(ct);
        var access = tokens.Issue(token.UserId, token.TenantId, u.Role, u.Email);
        return Results.Ok(new RefreshResponse(access.Token, "Bearer", access.ExpiresAt, newToken));
    }
}
