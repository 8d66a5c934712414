namespace BuildPeer.Messaging.Sqs;

/// <summary>One message of a SendMessageBatch; <paramref name="Id"/> is unique within the batch ([A-Za-z0-9_-], up to 80).</summary>
public sealed record SqsSendBatchEntry(string Id, string Body, IDictionary<string, string>? StringMessageAttributes = null, int? DelaySeconds = null);

/// <summary>One message of a DeleteMessageBatch.</summary>
public sealed record SqsDeleteBatchEntry(string Id, string ReceiptHandle);
