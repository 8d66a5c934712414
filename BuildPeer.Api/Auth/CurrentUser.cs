using System.Security.Claims;

namespace BuildPeer.Api.Auth;

/// <summary>Who is calling, from the validated token's claims.</summary>
public sealed record CurrentUser(Guid UserId, Guid TenantId, string Role, string Email)
{
    public const string TenantClaim = "tenant_id";
    public const string RoleClaim = "role";

    public static CurrentUser From(ClaimsPrincipal principal) => new(
        Guid.Parse(principal.FindFirstValue("sub") ?? throw new InvalidOperationException("token without sub")),
        Guid.Parse(principal.FindFirstValue(TenantClaim) ?? throw new InvalidOperationException("token without tenant")),
        principal.FindFirstValue(RoleClaim) ?? "",
        principal.FindFirstValue("email") ?? "");
}
