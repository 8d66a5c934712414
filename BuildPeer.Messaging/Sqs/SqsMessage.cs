namespace BuildPeer.Messaging.Sqs;

/// <summary>A received message.</summary>
/// <param name="Attributes">System attributes such as ApproximateReceiveCount and SentTimestamp.</param>
/// <param name="MessageAttributes">The sender's string message attributes (e.g. traceparent).</param>
public sealed record SqsMessage(
    string MessageId,
    string ReceiptHandle,
    string Body,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> MessageAttributes)
{
    /// <summary>How many times SQS has handed this message out, this delivery included (0 if not reported).</summary>
    public int ApproximateReceiveCount =>
        Attributes.TryGetValue("ApproximateReceiveCount", out var value) && int.TryParse(value, out var count) ? count : 0;
}
