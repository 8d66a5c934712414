namespace BuildPeer.Client.Auth;

/// <summary>The answer of POST /api/auth/refresh.</summary>
public sealed record RefreshResult(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, string RefreshToken)
{
    public SessionTokens ToSession() => new(AccessToken, ExpiresAt, RefreshToken);
}
