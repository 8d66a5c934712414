namespace BuildPeer.Cli.Config;

/// <summary>What buildpeer login keeps: the API and a bearer token (never the password).</summary>
public sealed record Credentials(string ApiUrl, string AccessToken, DateTimeOffset ExpiresAt, string Email, string Role, Guid TenantId)
{
    public bool HasExpired(DateTimeOffset now) => ExpiresAt <= now;
}
