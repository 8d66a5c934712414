namespace BuildPeer.EventStore;

/// <summary>One row of mt_events, with its data deserialized.</summary>
public sealed record StoredEvent(
    long Sequence,
    Guid Id,
    Guid StreamId,
    long Version,
    string EventTypeName,
    object Data,
    DateTimeOffset Timestamp,
    Guid TenantId,
    string? CorrelationId,
    string? CausationId);
