namespace BuildPeer.Client.Auth;

/// <summary>
/// What the client sends to the API: a short-lived access token and, when there is one, the refresh token that trades
/// for a new pair (POST /api/auth/refresh rotates it: the old one is spent).
/// </summary>
public sealed record SessionTokens(string AccessToken, DateTimeOffset ExpiresAt, string? RefreshToken);
