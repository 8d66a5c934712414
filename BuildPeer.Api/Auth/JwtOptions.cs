namespace BuildPeer.Api.Auth;

/// <summary>The "Jwt" section. The signing key comes from a secret (the AppHost generates one per environment).</summary>
public sealed class JwtOptions
{
    public string Issuer { get; set; } = "buildpeer";
    public string Audience { get; set; } = "buildpeer-api";
    public string SigningKey { get; set; } = "";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
