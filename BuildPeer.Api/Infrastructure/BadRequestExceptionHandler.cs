using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace BuildPeer.Api.Infrastructure;

/// <summary>
/// Turns request-binding failures (malformed JSON, a body over the size limit) into 400/413 problem
/// details instead of a 500, in every environment.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var detail = bad.InnerException is JsonException json
            ? $"The JSON body could not be read: {json.Message}"
            : bad.Message;
        http.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "The request could not be read.", Detail = detail },
        });
    }
}
