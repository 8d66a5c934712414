using System.Net;
using System.Text.Json;

namespace BuildPeer.Messaging.Sqs;

/// <summary>Turns a non-2xx SQS JSON-protocol answer into an <see cref="SqsException"/>.</summary>
internal static class SqsErrorResponse
{
    // Error codes SQS (and the AWS SDKs' retry handlers) treat as throttling, whatever the status code.
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "RequestThrottled", "Throttling", "TooManyRequestsException", "RequestThrottledException",
    };

    public static SqsException ToException(string action, HttpResponseMessage response, byte[] body)
    {
        var (type, message) = ReadBody(body);
        // "com.amazonaws.sqs#QueueDoesNotExist" → "QueueDoesNotExist"
        var code = type is null ? $"Http{(int)response.StatusCode}" : type[(type.LastIndexOf('#') + 1)..];
        var queryErrorCode = response.Headers.TryGetValues("x-amzn-query-error", out var values)
            ? values.First().Split(';')[0]
            : null;
        var transient = (int)response.StatusCode >= 500
            || response.StatusCode == HttpStatusCode.TooManyRequests
            || ThrottlingCodes.Contains(code);
        return new SqsException(action, code, message ?? response.ReasonPhrase ?? "", response.StatusCode, queryErrorCode, transient);
    }

    private static (string? Type, string? Message) ReadBody(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, null);
            string? type = null, message = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String) continue;
                if (property.NameEquals("__type") || property.NameEquals("code")) type ??= property.Value.GetString();
                else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase)) message ??= property.Value.GetString();
            }
            return (type, message);
        }
        catch (JsonException)
        {
            return (null, null); // a proxy's HTML page, an empty 503, …
        }
    }
}
