namespace BuildPeer.Api.Ops;

public sealed record QueueDepth(string Queue, long? Depth, string? Error);

/// <summary>One computation of the ops numbers: all tenants together and each tenant alone, plus the queues.</summary>
public sealed record OpsSample(
    DateTimeOffset TakenAt,
    OpsWindow AllTenants,
    IReadOnlyDictionary<Guid, OpsWindow> ByTenant,
    QueueDepth Uploads,
    QueueDepth DeadLetters)
{
    public OpsWindow ForTenant(Guid tenantId) =>
        ByTenant.TryGetValue(tenantId, out var window) ? window : OpsWindow.Compute([], AllTenants.To, AllTenants.To - AllTenants.From);
}
