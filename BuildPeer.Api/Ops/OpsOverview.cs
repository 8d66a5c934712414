namespace BuildPeer.Api.Ops;

public sealed record DependencyHealth(string Name, string Status, string? Description, int Ms);

public sealed record OpsHealth(string Status, IReadOnlyList<DependencyHealth> Checks);

/// <summary>What GET /api/ops/overview answers: dependencies, queues, the window's numbers and chart, failures, activity.</summary>
public sealed record OpsOverview(
    DateTimeOffset GeneratedAt,
    DateTimeOffset SampledAt,
    string Scope,
    Guid? TenantId,
    OpsHealth Health,
    QueueDepth UploadsQueue,
    QueueDepth DeadLetterQueue,
    OpsWindow Window,
    IReadOnlyList<OpsFailure> RecentFailures);
