using BuildPeer.EventStore;
using Dapper;

namespace BuildPeer.Api.Uploads;

/// <summary>
/// Per-tenant storage quota (tenants.storage_quota_bytes, 50 GB by default): what is stored or on its way, plus
/// the request, must fit. A soft limit: two initiations at the same instant may both pass, so the hot path takes no lock.
/// </summary>
public static class StorageQuota
{
    public static async Task<IResult?> CheckAsync(DocumentSession session, long requestedBytes, CancellationToken ct)
    {
        var usage = await session.Connection.QuerySingleAsync<(long Quota, long Used)>(new CommandDefinition("""
            select (select storage_quota_bytes from tenants),
                   (select coalesce(sum(size), 0)::bigint from upload_status where status not in ('Failed', 'Expired', 'Deleted', 'Quarantined'))
            """, transaction: session.Transaction, cancellationToken: ct));
        if (usage.Used + requestedBytes <= usage.Quota) return null;
        return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Storage quota exceeded",
            detail: $"Your company uses {Gb(usage.Used)} GB of its {Gb(usage.Quota)} GB; these files need {Gb(requestedBytes)} GB more. " +
                    "Delete files you no longer need or ask BuildPeer to raise the quota.",
            extensions: new Dictionary<string, object?> { ["quotaBytes"] = usage.Quota, ["usedBytes"] = usage.Used, ["requestedBytes"] = requestedBytes });
    }

    private static string Gb(long bytes) => (bytes / 1e9).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
