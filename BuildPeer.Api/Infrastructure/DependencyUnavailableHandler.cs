using BuildPeer.Data;
using BuildPeer.Messaging;
using System.Net.Sockets;
using AmazonClientException = Amazon.Runtime.AmazonClientException;
using AmazonServiceException = Amazon.Runtime.AmazonServiceException;
using Amazon.SQS;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace BuildPeer.Api.Infrastructure;

/// <summary>
/// When PostgreSQL or the storage endpoint is down, an operation that needs it answers 503 with Retry-After
/// (clients back off and retry) instead of a 500; operations that do not need it keep working, and
/// everything recovers by itself when the dependency returns (pools reconnect).
/// </summary>
public sealed class DependencyUnavailableHandler(IProblemDetailsService problems, ILogger<DependencyUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var dependency = DependencyOf(exception);
        if (dependency is null) return false;
        logger.LogWarning("{Dependency} unavailable for {Path}: {Message}", dependency, http.Request.Path, exception.Message);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = 503,
                Title = "Temporarily unavailable",
                Detail = $"The {dependency} is not reachable right now. Nothing was lost; retry in {RetryAfterSeconds} seconds.",
            },
        });
    }

    public static string? DependencyOf(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException:
                case PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" }:
                    return "database";
                case MessagingNotStartedException:
                    return "message queue";
                case AmazonSQSException sqs when sqs.IsTransient() || sqs.InnerException is HttpRequestException or IOException:
                    return "queue";
                case AmazonServiceException aws when (int)aws.StatusCode >= 500 || aws.InnerException is HttpRequestException or IOException:
                case AmazonClientException client when client.InnerException is HttpRequestException or IOException or TaskCanceledException:
                    return "file storage";
            }
        }
        return null;
    }
}
