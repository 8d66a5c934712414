namespace BuildPeer.Messaging.Sqs;

/// <summary>The per-entry outcome of a batch call: a batch request can succeed while some of its entries fail.</summary>
public sealed record SqsBatchResult(IReadOnlyList<SqsBatchSuccess> Successful, IReadOnlyList<SqsBatchFailure> Failed);

/// <param name="MessageId">Set for sends; null for deletes.</param>
public sealed record SqsBatchSuccess(string Id, string? MessageId);

/// <param name="SenderFault">True when the entry itself is wrong; false when SQS failed and a retry may succeed.</param>
public sealed record SqsBatchFailure(string Id, string Code, string? Message, bool SenderFault);
