using System.Text.Json;
using BuildPeer.Data;
using Amazon.SQS.Model;
using NpgsqlTypes;

namespace BuildPeer.Messaging;

/// <summary>The dead_letters row operators list, replay or discard; written in the same transaction as the failure.</summary>
public static class DeadLetterRecords
{
    public static async Task WriteAsync(TenantSession session, Guid envelopeId, string queue, Message message, Exception error, int attempts, CancellationToken ct)
    {
        await using var cmd = session.CreateCommand("""
            insert into dead_letters (id, tenant_id, queue, message_type, body, upload_id, error_type, error_message, attempts)
            values (@id, @tenant, @queue, @type, @body, @upload, @errorType, @error, @attempts)
            on conflict (id) do update set state = 'dead', error_type = excluded.error_type, error_message = excluded.error_message,
              attempts = excluded.attempts, dead_lettered_at = now(), resolved_by = null, resolved_at = null, reason = null
            """);
        cmd.Parameters.AddWithValue("id", envelopeId);
        cmd.Parameters.AddWithValue("tenant", session.TenantId);
        cmd.Parameters.AddWithValue("queue", queue);
        cmd.Parameters.AddWithValue("type", message.StringAttributes().GetValueOrDefault(Envelope.TypeAttribute) ?? "");
        cmd.Parameters.AddWithValue("body", NpgsqlDbType.Jsonb, message.Body);
        cmd.Parameters.AddWithValue("upload", (object?)UploadIdOf(message.Body) ?? DBNull.Value);
        cmd.Parameters.AddWithValue("errorType", error.GetType().FullName ?? error.GetType().Name);
        cmd.Parameters.AddWithValue("error", error.Message.Length > 2000 ? error.Message[..2000] : error.Message);
        cmd.Parameters.AddWithValue("attempts", attempts);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static Guid? UploadIdOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("uploadId", out var id) && id.TryGetGuid(out var g) ? g : null;
        }
        catch (JsonException) { return null; }
    }
}
