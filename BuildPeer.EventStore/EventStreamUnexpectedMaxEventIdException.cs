namespace BuildPeer.EventStore;

/// <summary>
/// Thrown by SaveChanges when a stream's version is not the one the writer expected (another writer
/// appended first), or a new stream's id is taken. Named after Marten's exception for the same case.
/// </summary>
public sealed class EventStreamUnexpectedMaxEventIdException(Guid streamId, long? expectedVersion, string detail)
    : Exception($"Stream {streamId}: {detail}" + (expectedVersion is { } v ? $" (expected version {v})" : ""))
{
    public Guid StreamId { get; } = streamId;
    public long? ExpectedVersion { get; } = expectedVersion;
}
