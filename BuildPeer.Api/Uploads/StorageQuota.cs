using System.Collections.Concurrent;
using BuildPeer.Data;
using Dapper;

namespace BuildPeer.Api.Uploads;

/// <summary>
/// Per-tenant storage quota (tenants.storage_quota_bytes, 50 GB by default): what is stored or on its way, plus the
/// request, must fit. Reading the usage sums every live upload of the tenant, which grows with the tenant; so each API
/// instance keeps the figure for <see cref="Freshness"/> and adds what it lets through. A request that would not fit
/// is checked against a fresh reading before it is refused, so nobody is refused on a stale figure. A soft limit:
/// other instances' initiations show up at the next reading, and the hot path takes no lock.
/// </summary>
public sealed class StorageQuota(TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, Usage> _usage = new();

    private sealed class Usage(long quota, long used, DateTimeOffset readAt)
    {
        public long Quota { get; } = quota;
        public long Used = used;
        public DateTimeOffset ReadAt { get; } = readAt;
    }

    public async Task<IResult?> CheckAsync(TenantSession session, long requestedBytes, CancellationToken ct)
    {
        var fresh = false;
        if (!_usage.TryGetValue(session.TenantId, out var usage) || clock.GetUtcNow() - usage.ReadAt > Freshness)
            (usage, fresh) = (await ReadAsync(session, ct), true);
        if (Interlocked.Read(ref usage.Used) + requestedBytes > usage.Quota && !fresh)
            usage = await ReadAsync(session, ct);

        var used = Interlocked.Read(ref usage.Used);
        if (used + requestedBytes <= usage.Quota)
        {
            Interlocked.Add(ref usage.Used, requestedBytes);
            return null;
        }
        return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Storage quota exceeded",
            detail: $"Your company uses {Gb(used)} GB of its {Gb(usage.Quota)} GB; these files need {Gb(requestedBytes)} GB more. " +
                    "Delete files you no longer need or ask BuildPeer to raise the quota.",
            extensions: new Dictionary<string, object?> { ["quotaBytes"] = usage.Quota, ["usedBytes"] = used, ["requestedBytes"] = requestedBytes });
    }

    private async Task<Usage> ReadAsync(TenantSession session, CancellationToken ct)
    {
        var (quota, used) = await session.Connection.QuerySingleAsync<(long Quota, long Used)>(new CommandDefinition("""
            select (select storage_quota_bytes from tenants),
                   (select coalesce(sum(size), 0)::bigint from upload_status where status not in ('Failed', 'Expired', 'Deleted', 'Quarantined'))
            """, transaction: null, cancellationToken: ct));
        var usage = new Usage(quota, used, clock.GetUtcNow());
        _usage[session.TenantId] = usage;
        return usage;
    }

    private static string Gb(long bytes) => (bytes / 1e9).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
