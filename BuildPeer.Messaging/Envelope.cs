namespace BuildPeer.Messaging;

/// <summary>A message on its way: the outbox row, and the SQS message it becomes (body + attributes).</summary>
public sealed record Envelope(Guid Id, string MessageType, string Body, string Destination, Guid TenantId, IReadOnlyDictionary<string, string> Headers)
{
    public const string IdAttribute = "envelope-id";
    public const string TypeAttribute = "message-type";
    public const string TenantAttribute = "tenant-id";
    public const string TraceParentAttribute = "traceparent";
    public const string ErrorAttribute = "exception-message";
    public const string ErrorTypeAttribute = "exception-type";

    public Dictionary<string, string> ToAttributes()
    {
        var attributes = new Dictionary<string, string>(Headers)
        {
            [IdAttribute] = Id.ToString(),
            [TypeAttribute] = MessageType,
            [TenantAttribute] = TenantId.ToString(),
        };
        return attributes;
    }
}
