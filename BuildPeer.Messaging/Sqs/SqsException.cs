using System.Net;

namespace BuildPeer.Messaging.Sqs;

/// <summary>An SQS call that failed: an error answer from the service, or no usable answer at all.</summary>
public sealed class SqsException : Exception
{
    /// <summary>Code used when the request got no HTTP answer (connection refused, reset, DNS).</summary>
    public const string ConnectionFailedCode = "ConnectionFailed";

    /// <summary>Code used when no answer came before the HttpClient timeout.</summary>
    public const string TimeoutCode = "RequestTimeout";

    public SqsException(string action, string code, string message, HttpStatusCode? statusCode, string? queryErrorCode, bool isTransient, Exception? inner = null)
        : base($"SQS {action} failed: {code}: {message}", inner)
    {
        Action = action;
        Code = code;
        AwsMessage = message;
        StatusCode = statusCode;
        QueryErrorCode = queryErrorCode;
        IsTransient = isTransient;
    }

    public string Action { get; }

    /// <summary>The AWS error code: the JSON "__type" without its namespace ("com.amazonaws.sqs#QueueDoesNotExist" → "QueueDoesNotExist").</summary>
    public string Code { get; }

    public string AwsMessage { get; }

    /// <summary>Null when no HTTP answer arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The legacy query-protocol code from the x-amzn-query-error header (e.g. "AWS.SimpleQueueService.NonExistentQueue"), if sent.</summary>
    public string? QueryErrorCode { get; }

    /// <summary>True for 5xx, throttling, timeouts and connection failures: the same request may succeed later.</summary>
    public bool IsTransient { get; }
}
