namespace BuildPeer.Api.DeadLetters;

public sealed record DeadLetterRow(
    Guid Id, Guid TenantId, string Queue, string MessageType, string Body, Guid? UploadId, string ErrorType, string ErrorMessage,
    int Attempts, DateTime DeadLetteredAt, string State, Guid? ResolvedBy, DateTime? ResolvedAt, string? Reason)
{
    public const string Columns = """
        id, tenant_id as TenantId, queue, message_type as MessageType, body::text as Body, upload_id as UploadId, error_type as ErrorType,
        error_message as ErrorMessage, attempts, dead_lettered_at as DeadLetteredAt, state, resolved_by as ResolvedBy, resolved_at as ResolvedAt, reason
        """;

    /// <summary>The pipeline stage a message type drives, as UploadFailed records it.</summary>
    public string Stage => MessageType.EndsWith("ScanUpload", StringComparison.Ordinal) ? "scan" : "process";
}
