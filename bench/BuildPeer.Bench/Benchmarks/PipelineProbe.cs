using BuildPeer.Bench.Client;
using BuildPeer.Bench.Measure;
using Npgsql;

namespace BuildPeer.Bench.Benchmarks;

/// <summary>Where one upload ended and when, from the event store's own timestamps (the committing transactions' times).</summary>
public sealed record UploadOutcome(Guid Id, string Status, DateTime? Received, DateTime? LastEvent)
{
    public double? CompleteToFinalSeconds => Received is { } r && LastEvent is { } l ? (l - r).TotalSeconds : null;
}

/// <summary>Drives uploads through the pipeline and reads their progress from PostgreSQL as the owner (no load on the API).</summary>
public static class PipelineProbe
{
    public static readonly string[] FinalStatuses = ["Processed", "Quarantined", "Failed", "Expired", "Deleted"];

    /// <summary>Initiates each file and PUTs its bytes, without completing: what a client has done before it says "done".</summary>
    public static async Task<Guid[]> StageAsync(BenchContext ctx, IReadOnlyList<string> files, string contentType, int concurrency, string prefix = "")
    {
        var ids = new Guid[files.Count];
        await Workers.RunAsync(files.Count, concurrency, async i =>
        {
            var bytes = await File.ReadAllBytesAsync(files[i], ctx.Ct);
            var ticket = await ctx.Api.InitiateAsync(ctx.Tenant.ProjectId, prefix + Path.GetFileName(files[i]), contentType, bytes.Length, ctx.Ct);
            await ctx.Api.PutAsync(ticket, bytes, ctx.Ct);
            ids[i] = ticket.UploadId;
        }, ctx.Ct);
        return ids;
    }

    public static Task CompleteAllAsync(BenchContext ctx, IReadOnlyList<Guid> ids, int concurrency, Latencies? latencies = null) =>
        Workers.RunAsync(ids.Count, concurrency, async i =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await ctx.Api.CompleteAsync(ids[i], ctx.Ct);
            latencies?.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }, ctx.Ct);

    public static async Task<long> CountFinalAsync(BenchContext ctx, IReadOnlyCollection<Guid> ids) =>
        await ctx.Stack.ScalarAsync("select count(*) from upload_status where id = any(@ids) and status = any(@final)", ctx.Ct,
            ("ids", ids.ToArray()), ("final", FinalStatuses));

    /// <summary>Polls until every upload is in a final status; false if the deadline passed first.</summary>
    public static async Task<bool> WaitForFinalAsync(BenchContext ctx, IReadOnlyCollection<Guid> ids, TimeSpan timeout, Action<long>? progress = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lastReport = DateTime.UtcNow;
        while (true)
        {
            var final = await CountFinalAsync(ctx, ids);
            if (final >= ids.Count) return true;
            if (DateTime.UtcNow > deadline) return false;
            if (progress is not null && DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(30))
            {
                progress(final);
                lastReport = DateTime.UtcNow;
            }
            await Task.Delay(200, ctx.Ct);
        }
    }

    public static async Task<List<UploadOutcome>> OutcomesAsync(BenchContext ctx, IReadOnlyCollection<Guid> ids)
    {
        await using var conn = new NpgsqlConnection(ctx.Stack.OwnerConnectionString);
        await conn.OpenAsync(ctx.Ct);
        await using var cmd = new NpgsqlCommand("""
            select s.id, s.status,
              (select min(e.timestamp) from uploads.mt_events e where e.tenant_id = s.tenant_id::text and e.stream_id = s.id and e.type = 'upload_received'),
              (select max(e.timestamp) from uploads.mt_events e where e.tenant_id = s.tenant_id::text and e.stream_id = s.id)
            from upload_status s where s.id = any(@ids)
            """, conn);
        cmd.Parameters.AddWithValue("ids", ids.ToArray());
        var list = new List<UploadOutcome>();
        await using var reader = await cmd.ExecuteReaderAsync(ctx.Ct);
        while (await reader.ReadAsync(ctx.Ct))
            list.Add(new UploadOutcome(reader.GetGuid(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetDateTime(2), reader.IsDBNull(3) ? null : reader.GetDateTime(3)));
        return list;
    }

    /// <summary>Throughput and latency of a batch: processed files over (last final event − first UploadReceived).</summary>
    public static BatchFigures Figures(List<UploadOutcome> outcomes)
    {
        var processed = outcomes.Where(o => o.Status == "Processed").ToList();
        var latencies = processed.Select(o => o.CompleteToFinalSeconds ?? double.NaN).Where(v => !double.IsNaN(v)).ToList();
        var first = outcomes.Where(o => o.Received is not null).Select(o => o.Received!.Value).DefaultIfEmpty().Min();
        var last = processed.Where(o => o.LastEvent is not null).Select(o => o.LastEvent!.Value).DefaultIfEmpty().Max();
        var span = (last - first).TotalSeconds;
        return new BatchFigures(outcomes.Count, processed.Count, outcomes.Count(o => o.Status == "Failed"), span,
            span > 0 ? processed.Count / span : double.NaN,
            Latencies.Percentile(latencies, 50), Latencies.Percentile(latencies, 95), latencies.Count > 0 ? latencies.Max() : double.NaN);
    }
}

public sealed record BatchFigures(int Files, int Processed, int Failed, double SpanSeconds, double FilesPerSecond, double P50Seconds, double P95Seconds, double MaxSeconds);
