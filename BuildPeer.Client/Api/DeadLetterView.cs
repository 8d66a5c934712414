namespace BuildPeer.Client.Api;

/// <summary>A message the pipeline gave up on, as GET /api/ops/dead-letters lists it (operators only).</summary>
public sealed record DeadLetterView(
    Guid Id,
    Guid TenantId,
    string Queue,
    string MessageType,
    Guid? UploadId,
    string Stage,
    string ErrorType,
    string ErrorMessage,
    int Attempts,
    DateTimeOffset DeadLetteredAt,
    string State,
    Guid? ResolvedBy,
    DateTimeOffset? ResolvedAt,
    string? Reason);

public sealed record ReplayAllResult(int Replayed);

public static class DeadLetterStates
{
    public const string Dead = "dead";
    public const string Replayed = "replayed";
    public const string Discarded = "discarded";

    public static readonly string[] All = [Dead, Replayed, Discarded];
}
