using System.Security.Cryptography;
using BuildPeer.Data;
using Dapper;

namespace BuildPeer.Api.Auth;

/// <summary>Opaque refresh tokens: 256 random bits to the client, only their SHA-256 in the database.</summary>
public static class RefreshTokens
{
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    public static async Task<(Guid Id, string Token)> IssueAsync(TenantSession session, Guid userId, TimeSpan lifetime, CancellationToken ct)
    {
        var token = NewToken();
        var id = Guid.CreateVersion7();
        await session.Connection.ExecuteAsync(new CommandDefinition("""
            insert into refresh_tokens (id, tenant_id, user_id, token_hash, expires_at) values (@id, @tenant, @userId, @hash, now() + @lifetime)
            """, new { id, tenant = session.TenantId, userId, hash = Hash(token), lifetime }, null, cancellationToken: ct));
        return (id, token);
    }

    public static Task RevokeAllAsync(TenantSession session, Guid userId, CancellationToken ct) =>
        session.Connection.ExecuteAsync(new CommandDefinition(
            "update refresh_tokens set revoked_at = now() where user_id = @userId and revoked_at is null",
            new { userId }, null, cancellationToken: ct));
}
