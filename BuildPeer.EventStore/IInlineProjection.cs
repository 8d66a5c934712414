namespace BuildPeer.EventStore;

/// <summary>A projection applied inside the appending transaction (Marten's ProjectionLifecycle.Inline).</summary>
public interface IInlineProjection
{
    Task ApplyAsync(DocumentSession session, IReadOnlyList<StoredEvent> events, CancellationToken ct);
}
