using BuildPeer.Client.Auth;

namespace BuildPeer.Cli.Config;

/// <summary>
/// What buildpeer login keeps: the API, the access token and the refresh token that renews it (never the password).
/// Files written before refresh tokens were kept have none: their session ends with the access token.
/// </summary>
public sealed record Credentials(string ApiUrl, string AccessToken, DateTimeOffset ExpiresAt, string Email, string Role, Guid TenantId,
    string? RefreshToken = null)
{
    public bool HasExpired(DateTimeOffset now) => ExpiresAt <= now;

    /// <summary>Usable for a run: the access token is still good, or there is a refresh token to renew it.</summary>
    public bool CanSignIn(DateTimeOffset now) => !HasExpired(now) || RefreshToken is not null;

    public SessionTokens ToSession() => new(AccessToken, ExpiresAt, RefreshToken);

    public Credentials With(SessionTokens session) =>
        this with { AccessToken = session.AccessToken, ExpiresAt = session.ExpiresAt, RefreshToken = session.RefreshToken };
}
