using Amazon.SQS;
using Amazon.SQS.Model;

namespace BuildPeer.Messaging;

/// <summary>The few AWSSDK.SQS calls this project repeats, with SDK v4's null-for-empty collections handled once.</summary>
public static class SqsCalls
{
    private static readonly List<string> All = ["All"];

    /// <summary>Up to <paramref name="maxMessages"/> messages with every system and message attribute.</summary>
    public static async Task<IReadOnlyList<Message>> ReceiveAsync(this IAmazonSQS sqs, string queueUrl, int maxMessages, int waitTimeSeconds,
        int? visibilityTimeout, CancellationToken ct)
    {
        var request = new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = maxMessages,
            WaitTimeSeconds = waitTimeSeconds,
            MessageAttributeNames = All,
            MessageSystemAttributeNames = All,
        };
        if (visibilityTimeout is { } seconds) request.VisibilityTimeout = seconds;
        return (await sqs.ReceiveMessageAsync(request, ct)).Messages ?? [];
    }

    /// <summary>The sender's string message attributes (e.g. traceparent).</summary>
    public static IReadOnlyDictionary<string, string> StringAttributes(this Message message) =>
        (message.MessageAttributes ?? [])
            .Where(a => a.Value.StringValue is not null)
            .ToDictionary(a => a.Key, a => a.Value.StringValue);

    /// <summary>How many times SQS has handed this message out, this delivery included (0 if not reported).</summary>
    public static int ReceiveCount(this Message message) =>
        message.Attributes?.TryGetValue("ApproximateReceiveCount", out var value) == true && int.TryParse(value, out var count) ? count : 0;

    public static Dictionary<string, MessageAttributeValue> ToMessageAttributes(IReadOnlyDictionary<string, string> attributes) =>
        attributes.ToDictionary(a => a.Key, a => new MessageAttributeValue { DataType = "String", StringValue = a.Value });

    /// <summary>Messages waiting plus messages in flight (ApproximateNumberOfMessages + ApproximateNumberOfMessagesNotVisible).</summary>
    public static async Task<long> GetApproximateDepthAsync(this IAmazonSQS sqs, string queueUrl, CancellationToken ct)
    {
        var response = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }, ct);
        return (long)response.ApproximateNumberOfMessages + response.ApproximateNumberOfMessagesNotVisible;
    }

    public static async Task<string> QueueArnAsync(this IAmazonSQS sqs, string queueUrl, CancellationToken ct) =>
        (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] }, ct)).QueueARN;

    /// <summary>5xx and throttling: the same request may succeed later.</summary>
    public static bool IsTransient(this AmazonSQSException e) =>
        (int)e.StatusCode >= 500 || e.StatusCode == System.Net.HttpStatusCode.TooManyRequests
        || e.ErrorCode is "ThrottlingException" or "RequestThrottled" or "ServiceUnavailable" or "InternalError";
}
