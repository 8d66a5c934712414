using BuildPeer.Client.Auth;

namespace BuildPeer.Client.Api;

/// <summary>The answer of POST /api/auth/login.</summary>
public sealed record LoginResult(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, Guid UserId, Guid TenantId, string Role, string DisplayName,
    string? RefreshToken = null)
{
    public SessionTokens ToSession() => new(AccessToken, ExpiresAt, RefreshToken);
}
