using System.Text;
using System.Text.Json;
using Wolverine.Persistence.Durability;

namespace BuildPeer.Api.DeadLetters;

public sealed record DeadLetterRow(
    Guid Id, Guid TenantId, string Queue, string MessageType, string Body, Guid? UploadId, string ErrorType, string ErrorMessage,
    int Attempts, DateTime DeadLetteredAt, string State, Guid? ResolvedBy, DateTime? ResolvedAt, string? Reason)
{
    public const string Columns = """
        id, tenant_id as TenantId, queue, message_type as MessageType, body::text as Body, upload_id as UploadId, error_type as ErrorType,
        error_message as ErrorMessage, attempts, dead_lettered_at as DeadLetteredAt, state, resolved_by as ResolvedBy, resolved_at as ResolvedAt, reason
        """;

    /// <summary>True for a dead letter still in Wolverine's table (not one only recorded in dead_letters).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool InWolverine { get; init; }

    /// <summary>The pipeline stage a message type drives, as UploadFailed records it.</summary>
    public string Stage => MessageType.EndsWith("ScanUpload", StringComparison.Ordinal) ? "scan" : "process";

    /// <summary>Wolverine's dead letter as operators see it; the upload comes from the message's JSON (the API does not handle it).</summary>
    public static DeadLetterRow From(DeadLetterEnvelope dead)
    {
        var envelope = dead.Envelope;
        var body = envelope.Data is { Length: > 0 } data ? Encoding.UTF8.GetString(data) : "{}";
        Guid.TryParse(envelope.TenantId, out var tenant);
        return new DeadLetterRow(dead.Id, tenant, envelope.Destination?.ToString() ?? dead.ReceivedAt, dead.MessageType, body, UploadIdOf(body),
            dead.ExceptionType, dead.ExceptionMessage, envelope.Attempts, dead.SentAt.UtcDateTime, "dead", null, null, null) { InWolverine = true };
    }

    private static Guid? UploadIdOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("uploadId", out var id) && id.TryGetGuid(out var g) ? g
                : doc.RootElement.TryGetProperty("UploadId", out var id2) && id2.TryGetGuid(out var g2) ? g2 : null;
        }
        catch (JsonException) { return null; }
    }
}
