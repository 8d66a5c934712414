using BuildPeer.Data;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Auth;

public static class LogoutEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapPost("/auth/logout", HandleAsync).WithName("Logout")
        .WithSummary("Log out: revoke the caller's refresh tokens").Produces(StatusCodes.Status204NoContent);

    /// <summary>Revokes every refresh token of the caller; the short-lived access token simply runs out.</summary>
    public static async Task<IResult> HandleAsync(HttpContext http, TenantSessions store, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        await RefreshTokens.RevokeAllAsync(session, user.UserId, ct);
        await session.SaveChangesAsync(ct);
        return Results.NoContent();
    }
}
