using BuildPeer.Data;

namespace BuildPeer.Messaging;

/// <summary>What a handler gets besides its message: the tenant's session (commit is the listener's job) and delivery facts.</summary>
public sealed record MessageContext(Guid EnvelopeId, Guid TenantId, int Attempt, TenantSession Session);

/// <summary>
/// One handler per message type (Wolverine's Handle method). Returned messages cascade: they are written
/// to the outbox in the handler's transaction and sent only after it commits.
/// </summary>
public interface IMessageHandler<in T>
{
    Task<IReadOnlyList<object>> HandleAsync(T message, MessageContext context, CancellationToken ct);
}

/// <summary>Optional: runs in a fresh transaction when a message of this type is moved to the dead-letter queue.</summary>
public interface IDeadLetterHandler<in T>
{
    Task OnDeadLetteredAsync(T message, MessageContext context, Exception error, CancellationToken ct);
}

public static class Cascade
{
    public static readonly IReadOnlyList<object> None = [];
}
