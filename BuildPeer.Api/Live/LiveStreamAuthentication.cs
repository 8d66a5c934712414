using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace BuildPeer.Api.Live;

/// <summary>
/// Browsers' EventSource cannot send an Authorization header, so the stream endpoints (and only they) also accept
/// the bearer token as an access_token query parameter. The stream ends when the token expires.
/// </summary>
public static class LiveStreamAuthentication
{
    public const string QueryParameter = "access_token";

    public static Task ReadQueryToken(MessageReceivedContext context)
    {
        var request = context.Request;
        if (string.IsNullOrEmpty(context.Token)
            && request.Path.StartsWithSegments("/api")
            && request.Path.Value!.EndsWith("/stream", StringComparison.Ordinal)
            && request.Query[QueryParameter].ToString() is { Length: > 0 } token)
        {
            context.Token = token;
        }
        return Task.CompletedTask;
    }
}
