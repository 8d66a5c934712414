using Microsoft.AspNetCore.Http.Features;

namespace BuildPeer.Api.Infrastructure;

/// <summary>
/// API bodies are small JSON documents (file bytes go to storage): anything over 1 MB is refused with a 413
/// problem before it is read, whatever the server in front (Kestrel or a test host).
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next)
{
    public const long MaxBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBytes)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = 413, Title = "Request body too large", Detail = $"The API accepts JSON bodies up to {MaxBytes / 1024} KB. File bytes go to the upload URL, not to the API." },
            });
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBytes;
        await next(http);
    }
}
