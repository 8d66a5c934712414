using System.Globalization;
using Microsoft.Extensions.Options;

namespace BuildPeer.Api.Infrastructure.RateLimits;

/// <summary>
/// Per user (or per IP address without a token): every request counts against one budget, initiations against a
/// second. Over either, a 429 problem with Retry-After until the window ends.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, SharedRateCounter counter, IOptions<RateLimitOptions> options)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public async Task InvokeAsync(HttpContext http)
    {
        var limits = options.Value;
        var user = http.User.FindFirst("sub")?.Value;
        var caller = user ?? "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        var all = await counter.HitAsync("all:" + caller, Minute);
        if (!all.Allows(user is null ? limits.AnonymousRequestsPerMinute : limits.RequestsPerMinute))
        {
            await RejectAsync(http, all.Remaining, limits);
            return;
        }
        if (http.GetEndpoint()?.Metadata.GetMetadata<InitiationLimit>() is not null)
        {
            var initiations = await counter.HitAsync("initiations:" + caller, Minute);
            if (!initiations.Allows(limits.InitiationsPerMinute))
            {
                await RejectAsync(http, initiations.Remaining, limits);
                return;
            }
        }
        await next(http);
    }

    private static async Task RejectAsync(HttpContext http, TimeSpan retryAfter, RateLimitOptions limits)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = 429,
                Title = "Too many requests",
                Detail = $"Limit: {limits.RequestsPerMinute} requests and {limits.InitiationsPerMinute} upload initiations per minute per user, " +
                         $"{limits.AnonymousRequestsPerMinute} per minute per IP address without a token. Retry after {seconds} s.",
            },
        });
    }
}
