namespace BuildPeer.Api.Ops;

/// <summary>One upload with activity in the window, as ops_upload_activity (migration 005) returns it.</summary>
public sealed record OpsActivityRow(
    Guid TenantId,
    string TenantName,
    Guid ProjectId,
    string? ProjectName,
    string Status,
    long Size,
    DateTimeOffset? RequestedAt,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? ScannedAt,
    DateTimeOffset? ProcessedAt,
    DateTimeOffset? FailedAt,
    DateTimeOffset UpdatedAt);
