using AmazonServiceException = Amazon.Runtime.AmazonServiceException;
using BuildPeer.Messaging;
using BuildPeer.Processing.Tools;
using BuildPeer.Processing.Tools.Rendering;
using Npgsql;

namespace BuildPeer.Processing.Infrastructure;

public static class PipelineRetryPolicy
{
    /// <summary>
    /// Transient failures (storage, database, clamd, a tool timing out, the renderer process dying) are retried after each cooldown,
    /// then dead-lettered; anything else is dead-lettered at once. Bad files never get here: handlers
    /// record them as UploadFailed themselves.
    /// </summary>
    public static RetryPolicy Create(TimeSpan[] cooldowns) => new RetryPolicy()
        .OnException(IsTransient, cooldowns);

    public static bool IsTransient(Exception e) => e switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        AmazonServiceException aws => (int)aws.StatusCode >= 500 || aws.StatusCode == System.Net.HttpStatusCode.TooManyRequests,
        ClamdUnavailableException or ExternalToolTimeoutException or RendererCrashedException => true,
        HttpRequestException or TimeoutException or IOException => true,
        TaskCanceledException => true,
        _ => false,
    };
}
