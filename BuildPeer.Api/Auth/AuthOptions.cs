namespace BuildPeer.Api.Auth;

/// <summary>The "Auth" section: lockout and refresh-token policy.</summary>
public sealed class AuthOptions
{
    public int MaxFailedLogins { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);
}
