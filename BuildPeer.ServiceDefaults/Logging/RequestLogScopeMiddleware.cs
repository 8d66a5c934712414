using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BuildPeer.ServiceDefaults.Logging;

/// <summary>Puts request, tenant and user ids in the log scope of everything a request logs.</summary>
public sealed class RequestLogScopeMiddleware(RequestDelegate next, ILogger<RequestLogScopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var scope = new Dictionary<string, object?>
        {
            ["RequestId"] = context.TraceIdentifier,
            ["TenantId"] = context.User.FindFirstValue("tenant_id"),
            ["UserId"] = context.User.FindFirstValue("sub"),
        };
        using (logger.BeginScope(scope)) await next(context);
    }
}
