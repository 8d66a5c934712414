namespace BuildPeer.Messaging.Sqs;

// Request and response bodies of the SQS JSON protocol (awsJson1_0). Property names are the wire names.

internal sealed record SqsMessageAttributeValue(string DataType, string? StringValue);

internal sealed record CreateQueueRequest(string QueueName, IDictionary<string, string>? Attributes);
internal sealed record GetQueueUrlRequest(string QueueName);
internal sealed record QueueUrlResponse(string? QueueUrl);
internal sealed record GetQueueAttributesRequest(string QueueUrl, IReadOnlyList<string> AttributeNames);
internal sealed record SetQueueAttributesRequest(string QueueUrl, IDictionary<string, string> Attributes);
internal sealed record QueueAttributesResponse(Dictionary<string, string>? Attributes);
internal sealed record QueueUrlOnlyRequest(string QueueUrl);

internal sealed record SendMessageRequest(string QueueUrl, string MessageBody, int? DelaySeconds, Dictionary<string, SqsMessageAttributeValue>? MessageAttributes);
internal sealed record SendMessageResponse(string? MessageId);
internal sealed record SendMessageBatchRequest(string QueueUrl, IReadOnlyList<SendMessageBatchRequestEntry> Entries);
internal sealed record SendMessageBatchRequestEntry(string Id, string MessageBody, int? DelaySeconds, Dictionary<string, SqsMessageAttributeValue>? MessageAttributes);

internal sealed record ReceiveMessageRequest(
    string QueueUrl,
    int MaxNumberOfMessages,
    int WaitTimeSeconds,
    int? VisibilityTimeout,
    IReadOnlyList<string> AttributeNames,
    IReadOnlyList<string> MessageSystemAttributeNames,
    IReadOnlyList<string> MessageAttributeNames);
internal sealed record ReceiveMessageResponse(List<ReceivedMessage>? Messages);
internal sealed record ReceivedMessage(
    string? MessageId,
    string? ReceiptHandle,
    string? Body,
    Dictionary<string, string>? Attributes,
    Dictionary<string, SqsMessageAttributeValue>? MessageAttributes);

internal sealed record DeleteMessageRequest(string QueueUrl, string ReceiptHandle);
internal sealed record DeleteMessageBatchRequest(string QueueUrl, IReadOnlyList<DeleteMessageBatchRequestEntry> Entries);
internal sealed record DeleteMessageBatchRequestEntry(string Id, string ReceiptHandle);
internal sealed record ChangeMessageVisibilityRequest(string QueueUrl, string ReceiptHandle, int VisibilityTimeout);

internal sealed record BatchResponse(List<BatchResultEntry>? Successful, List<BatchFailureEntry>? Failed);
internal sealed record BatchResultEntry(string Id, string? MessageId);
internal sealed record BatchFailureEntry(string Id, string? Code, string? Message, bool SenderFault);

internal sealed record EmptyResponse;
