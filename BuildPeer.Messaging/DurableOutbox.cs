using System.Diagnostics;
using System.Text.Json;
using BuildPeer.Data;
using NpgsqlTypes;

namespace BuildPeer.Messaging;

/// <summary>
/// Wolverine's transactional outbox: messages published through a session are written to
/// wolverine_outgoing_envelopes in that session's transaction and only leave (via the relay) once it commits.
/// </summary>
public sealed class DurableOutbox(MessageTypeRegistry registry, OutboxSignal signal)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public Envelope Publish(TenantSession session, object message) =>
        PublishSerialized(session, MessageTypeRegistry.AliasOf(message.GetType()), JsonSerializer.Serialize(message, message.GetType(), Json),
            registry.DestinationOf(message.GetType()));

    /// <summary>Publishes an already serialized message, e.g. a dead letter an operator replays.</summary>
    public Envelope PublishSerialized(TenantSession session, string messageType, string body, string destination)
    {
        var headers = new Dictionary<string, string>();
        if (Activity.Current is { } activity) headers[Envelope.TraceParentAttribute] = activity.Id!;
        var envelope = new Envelope(Guid.CreateVersion7(), messageType, body, destination, session.TenantId, headers);

        session.BeforeCommit(async (s, ct) =>
        {
            await using var cmd = s.CreateCommand("""
                insert into wolverine_outgoing_envelopes (id, tenant_id, destination, message_type, body, headers)
                values (@id, @tenant, @destination, @type, @body, @headers)
                """);
            cmd.Parameters.AddWithValue("id", envelope.Id);
            cmd.Parameters.AddWithValue("tenant", envelope.TenantId);
            cmd.Parameters.AddWithValue("destination", envelope.Destination);
            cmd.Parameters.AddWithValue("type", envelope.MessageType);
            cmd.Parameters.AddWithValue("body", NpgsqlDbType.Jsonb, envelope.Body);
            cmd.Parameters.AddWithValue("headers", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(headers));
            await cmd.ExecuteNonQueryAsync(ct);
        });
        session.AfterCommit(signal.Wake);
        return envelope;
    }
}
