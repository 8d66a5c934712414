namespace BuildPeer.Api.Ops;

/// <summary>One minute of the chart.</summary>
public sealed record OpsMinute(DateTimeOffset Minute, int Received, int Processed, int Failed, int Quarantined, double? P95Ms);

/// <summary>What happened to one project's uploads in the window.</summary>
public sealed record OpsActivity(Guid TenantId, string TenantName, Guid ProjectId, string? ProjectName,
    int Requested, int Received, int Processed, int Failed, int Quarantined, long BytesReceived, DateTimeOffset LastActivityAt);

/// <summary>
/// The window's numbers, computed from the uploads' stage times. "Received" is an upload completed by its client
/// (bytes in storage); success rate is processed / (processed + failed): a quarantined file is the scan working,
/// not a failure, so it is counted apart. Latency is complete → processed (ReceivedAt → ProcessedAt).
/// </summary>
public sealed record OpsWindow(
    DateTimeOffset From,
    DateTimeOffset To,
    int Received,
    int Processed,
    int Failed,
    int Quarantined,
    double UploadsPerMinute,
    double? SuccessRate,
    double? P95CompleteToProcessedMs,
    IReadOnlyList<OpsMinute> Minutes,
    IReadOnlyList<OpsActivity> Activity)
{
    public static OpsWindow Compute(IEnumerable<OpsActivityRow> rows, DateTimeOffset to, TimeSpan length)
    {
        var from = to - length;
        var list = rows.ToList();
        bool In(DateTimeOffset? t) => t is { } v && v >= from && v < to;

        var received = list.Where(r => In(r.ReceivedAt)).ToList();
        var processed = list.Where(r => In(r.ProcessedAt)).ToList();
        var failed = list.Where(r => In(r.FailedAt)).ToList();
        var quarantined = list.Where(r => r.Status == "Quarantined" && In(r.ScannedAt)).ToList();
        var latencies = processed.Where(r => r.ReceivedAt is not null).Select(LatencyMs).ToList();

        var minuteCount = Math.Max(1, (int)Math.Ceiling(length.TotalMinutes));
        // Whole clock minutes, the last one holding "to", so the chart's bars line up with the clock.
        var end = new DateTimeOffset(to.Ticks - to.Ticks % TimeSpan.TicksPerMinute, to.Offset).AddMinutes(1);
        var start = end.AddMinutes(-minuteCount);
        var minutes = Enumerable.Range(0, minuteCount).Select(i =>
        {
            var a = start.AddMinutes(i);
            var b = a.AddMinutes(1);
            bool InMinute(DateTimeOffset? t) => t is { } v && v >= a && v < b;
            var done = processed.Where(r => InMinute(r.ProcessedAt)).ToList();
            return new OpsMinute(a, received.Count(r => InMinute(r.ReceivedAt)), done.Count, failed.Count(r => InMinute(r.FailedAt)),
                quarantined.Count(r => InMinute(r.ScannedAt)), Percentile95(done.Where(r => r.ReceivedAt is not null).Select(LatencyMs).ToList()));
        }).ToList();

        var activity = list.GroupBy(r => (r.TenantId, r.ProjectId))
            .Select(g => new OpsActivity(g.Key.TenantId, g.First().TenantName, g.Key.ProjectId, g.First().ProjectName,
                g.Count(r => In(r.RequestedAt)), g.Count(r => In(r.ReceivedAt)), g.Count(r => In(r.ProcessedAt)), g.Count(r => In(r.FailedAt)),
                g.Count(r => r.Status == "Quarantined" && In(r.ScannedAt)), g.Where(r => In(r.ReceivedAt)).Sum(r => r.Size), g.Max(r => r.UpdatedAt)))
            .OrderByDescending(a => a.LastActivityAt)
            .ToList();

        var outcomes = processed.Count + failed.Count;
        return new OpsWindow(from, to, received.Count, processed.Count, failed.Count, quarantined.Count,
            Math.Round(received.Count / length.TotalMinutes, 3),
            outcomes == 0 ? null : Math.Round(processed.Count / (double)outcomes, 4),
            Percentile95(latencies), minutes, activity);
    }

    /// <summary>The same window with activity summed per tenant, without project names (what an operator sees).</summary>
    public OpsWindow PerTenant() => this with
    {
        Activity = Activity.GroupBy(a => a.TenantId)
            .Select(g => new OpsActivity(g.Key, g.First().TenantName, Guid.Empty, null, g.Sum(a => a.Requested), g.Sum(a => a.Received),
                g.Sum(a => a.Processed), g.Sum(a => a.Failed), g.Sum(a => a.Quarantined), g.Sum(a => a.BytesReceived), g.Max(a => a.LastActivityAt)))
            .OrderByDescending(a => a.LastActivityAt)
            .ToList(),
    };

    private static double LatencyMs(OpsActivityRow r) => (r.ProcessedAt!.Value - r.ReceivedAt!.Value).TotalMilliseconds;

    /// <summary>Nearest-rank 95th percentile; null with no samples.</summary>
    public static double? Percentile95(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(0.95 * sorted.Count);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)], 1);
    }
}
