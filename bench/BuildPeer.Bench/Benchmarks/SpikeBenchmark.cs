using System.Collections.Concurrent;
using System.Diagnostics;
using BuildPeer.Bench.Client;
using BuildPeer.Bench.Measure;
using BuildPeer.Bench.Reporting;
using BuildPeer.Bench.Stack;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Bench.Benchmarks;

/// <summary>
/// 4. Project kickoff: S uploads initiated at an even pace within W seconds (open loop: each starts on schedule
/// whatever the others are doing), each PUT to S3 and completed by a pool of client transfers; then the time
/// until every one is Processed, how many never made it, the deepest the queue got, and the API's latency
/// during it.
/// </summary>
public static class SpikeBenchmark
{
    public static async Task RunAsync(BenchContext ctx)
    {
        var stack = ctx.Stack;
        var sizes = ctx.Sizes;
        var processing = stack.Processing ?? throw new InvalidOperationException("Processing is not running.");
        var photos = ctx.Inputs.Photos.Take(Math.Max(1, sizes.PipelinePhotos)).ToList();
        var count = sizes.SpikeUploads;
        var window = TimeSpan.FromSeconds(sizes.SpikeWindowSeconds);

        var sampler = new PeakSampler([stack.Api.Watched, processing.Watched]);
        var meter = new CpuMeter([stack.Api.Watched, processing.Watched, new("clamd", stack.Clamd.Pid), new("fauxqs", stack.Fauxqs.Pid)]);
        var ids = new ConcurrentDictionary<int, Guid>();
        var initiate = new Latencies();
        var complete = new Latencies();
        var retries = 0;
        var clientFailures = new ErrorCount();
        var transfers = new SemaphoreSlim(sizes.SpikeTransfers);
        using var stopWatching = new CancellationTokenSource();
        var depth = new DepthWatch();
        var watch = Task.Run(() => WatchQueueAsync(ctx, ids, depth, stopWatching.Token));
        var reaped = new ConcurrentDictionary<Guid, bool>();
        var reaper = Task.Run(() => ReapAsync(ctx, ids, reaped, stopWatching.Token));

        BenchContext.Log($"4. spike: {count} uploads initiated within {window.TotalSeconds:0} s, {sizes.SpikeTransfers} concurrent transfers");
        var start = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var lastInitiated = TimeSpan.Zero;
        var gate = new object();
        var uploads = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromTicks(window.Ticks * i / count);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, ctx.Ct);
            var index = i;
            uploads.Add(Task.Run(async () =>
            {
                try
                {
                    var file = photos[index % photos.Count];
                    var ticket = await RetryAsync(() => initiate.TimeAsync(() =>
                        ctx.Api.InitiateAsync(ctx.Tenant.ProjectId, $"kickoff-{index:D4}.jpg", "image/jpeg", new FileInfo(file).Length, ctx.Ct)), () => Interlocked.Increment(ref retries));
                    ids[index] = ticket.UploadId;
                    var now = clock.Elapsed;
                    lock (gate) if (now > lastInitiated) lastInitiated = now;
                    await transfers.WaitAsync(ctx.Ct);
                    try
                    {
                        var bytes = await File.ReadAllBytesAsync(file, ctx.Ct);
                        await RetryAsync(async () => { await ctx.Api.PutAsync(ticket, bytes, ctx.Ct); return 0; }, () => Interlocked.Increment(ref retries));
                        await RetryAsync(() => complete.TimeAsync(async () => { await ctx.Api.CompleteAsync(ticket.UploadId, ctx.Ct); return 0; }), () => Interlocked.Increment(ref retries));
                    }
                    finally
                    {
                        transfers.Release();
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    clientFailures.Add(e);
                }
            }));
        }
        await Task.WhenAll(uploads);
        var allCompletedAt = clock.Elapsed;
        BenchContext.Log($"4. spike: all {ids.Count} initiated by {lastInitiated.TotalSeconds:0.0} s, all bytes sent and completed by {allCompletedAt.TotalSeconds:0.0} s; waiting for processing");
        var idList = ids.Values.ToList();
        var drained = await PipelineProbe.WaitForFinalAsync(ctx, idList, sizes.SpikeDeadline - clock.Elapsed,
            final => BenchContext.Log($"   {final}/{idList.Count} final after {clock.Elapsed.TotalSeconds:0} s (queue depth {depth.LastSqs}, backlog {depth.LastBacklog})"));
        await stopWatching.CancelAsync();
        await watch;
        await reaper;
        var cpu = meter.Stop();
        var peaks = await sampler.StopAsync();
        ctx.Shared[PipelineBenchmark.MemoryKey + ".spike"] = peaks;

        // What is left in the queues once every upload is final (there should be nothing).
        await Task.Delay(TimeSpan.FromSeconds(ctx.Sizes.Quick ? 2 : 10), ctx.Ct);
        var left = await stack.QueueCountsAsync(ctx.Ct);
        var outboxLeft = await stack.ScalarAsync(BenchStack.OutboxRowsSql, ctx.Ct);
        var handled = await stack.ScalarAsync(BenchStack.HandledRowsSql, ctx.Ct);
        var outcomes = await PipelineProbe.OutcomesAsync(ctx, idList);
        var processed = outcomes.Where(o => o.Status == "Processed").ToList();
        var failed = outcomes.Count(o => o.Status is "Failed" or "Quarantined");
        var lost = count - processed.Count;
        var lastProcessed = processed.Select(o => o.LastEvent!.Value).DefaultIfEmpty(start).Max();
        var drainSeconds = (lastProcessed - start).TotalSeconds;
        var latencies = processed.Select(o => o.CompleteToFinalSeconds ?? double.NaN).Where(v => !double.IsNaN(v)).ToList();
        var apiCalls = Latencies.Merge(initiate, complete);
        var met = drained && lost == 0 && drainSeconds <= 8 * 60;

        var table = new Table($"4. Spike (project kickoff): {count} uploads initiated within {window.TotalSeconds:0} s",
            "figure", "value", "target or reference");
        table.Row("initiated / by", $"{ids.Count} by {Fmt.Seconds(lastInitiated.TotalSeconds)}", $"{count} within {window.TotalSeconds:0} s");
        table.Row("bytes sent and completed by", Fmt.Seconds(allCompletedAt.TotalSeconds), "");
        table.Row("time until all Processed (from the first initiation)", drained ? Fmt.Seconds(drainSeconds) + $" ({drainSeconds / 60:0.0} min)" : $"not drained within {sizes.SpikeDeadline.TotalMinutes:0} min",
            "≤ 8 min — " + Fmt.Met(met));
        if (ctx.Shared.TryGetValue("raw.photos.files-per-second", out var rawRate) && rawRate is double raw && raw > 0)
            table.Row("drain time at the raw-tools rate of benchmark 3", Fmt.Seconds(count / raw) + $" ({count / raw / 60:0.0} min at {Fmt.N(raw, "0.00")} files/s)",
                "zero pipeline overhead, but measured earlier in the run: the box's load differs");
        table.Row("drain rate", Fmt.N(processed.Count / Math.Max(drainSeconds, 1e-9) * 3600, "0") + " files/hour", "design target 5,000 files/hour");
        table.Row("lost (initiated but never Processed)", lost.ToString(), "0");
        table.Row("failed or quarantined", failed.ToString(), "0");
        table.Row("client calls retried / given up", $"{retries} / {clientFailures.Count}", "");
        table.Row("peak queue depth (SQS visible + in flight)", depth.PeakSqs.ToString(), "an upload passes twice: ScanUpload, then ProcessUpload");
        table.Row("left after the drain: queue visible / in flight / delayed, dead letters, outbox",
            $"{left.Visible} / {left.InFlight} / {left.Delayed}, {left.DeadLetters}, {outboxLeft}", "0");
        table.Row("peak outbox rows not yet sent", depth.PeakOutbox.ToString(), "");
        table.Row("peak backlog (completed, not yet final)", depth.PeakBacklog.ToString(), "");
        table.Row("complete→Processed p50 / p95", $"{Fmt.Seconds(Latencies.Percentile(latencies, 50))} / {Fmt.Seconds(Latencies.Percentile(latencies, 95))}", "");
        table.Row("API p50 / p95 / p99, initiate", $"{Fmt.Ms(initiate.P(50))} / {Fmt.Ms(initiate.P(95))} / {Fmt.Ms(initiate.P(99))}", "");
        table.Row("API p50 / p95 / p99, complete", $"{Fmt.Ms(complete.P(50))} / {Fmt.Ms(complete.P(95))} / {Fmt.Ms(complete.P(99))}", "");
        table.Row("API p99, all calls during the spike", Fmt.Ms(apiCalls.P(99)), "");
        table.Row("CPU-s: Processing / its tools / clamd / fauxqs / API",
            $"{Fmt.N(cpu.Self("processing"), "0")} / {Fmt.N(cpu.Children("processing"), "0")} / {Fmt.N(cpu.Self("clamd"), "0")} / {Fmt.N(cpu.Self("fauxqs"), "0")} / {Fmt.N(cpu.Self("api"), "0")}",
            $"machine busy {Fmt.N(cpu.MachineBusyShare * 100, "0")} % over {Fmt.Seconds(cpu.WallSeconds)}");
        table.Note($"Files: the pipeline benchmark's 12 MP JPEGs (3–5 MB), reused in turn; {sizes.SpikeTransfers} client transfers at a time send the bytes (PUT) and complete.");
        table.Note($"Pipeline envelopes in Processing's inbox (ScanUpload + ProcessUpload handled in the last 5 minutes, which Wolverine keeps): {handled}.");
        table.Note("Originals are deleted from the emulator once Processed (the harness, every 2 s) because fauxqs keeps objects in memory; renditions stay.");
        if (depth.Timeline.Count > 0)
            table.Note("Timeline (s: queue depth / backlog / Processed): " + string.Join(", ", depth.Timeline.Select(t => $"{t.Seconds:0}: {t.Sqs}/{t.Backlog}/{t.Processed}")));
        if (clientFailures.Count > 0) table.Note($"First client failure: {clientFailures.First}");
        ctx.Report.Add(table);
        ctx.Report.Target("4. spike", $"{count} uploads drained in ≤ 8 min with lost = 0",
            $"{(drained ? Fmt.N(drainSeconds / 60, "0.0") + " min" : "not drained")}, lost {lost}, peak queue {depth.PeakSqs}", met);
        await stack.DeleteObjectsAsync($"tenant-{ctx.Tenant.TenantId}/", ctx.Ct);
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, Action onRetry)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await call(); }
            catch (Exception e) when (attempt < 4 && e is HttpRequestException or TaskCanceledException)
            {
                onRetry();
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    private sealed class DepthWatch
    {
        public long PeakSqs, PeakOutbox, PeakBacklog, LastSqs, LastBacklog;
        public List<(double Seconds, long Sqs, long Backlog, long Processed)> Timeline { get; } = [];
    }

    private static async Task WatchQueueAsync(BenchContext ctx, ConcurrentDictionary<int, Guid> ids, DepthWatch depth, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var nextTimeline = TimeSpan.Zero;
        var step = TimeSpan.FromSeconds(ctx.Sizes.Quick ? 5 : 30);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var sqs = await ctx.Stack.QueueDepthAsync(ctx.Ct);
                var outbox = await ctx.Stack.ScalarAsync(BenchStack.OutboxRowsSql, ctx.Ct);
                var known = ids.Values.ToArray();
                var backlog = await ctx.Stack.ScalarAsync("select count(*) from upload_status where id = any(@ids) and status in ('Received', 'Scanned')", ctx.Ct, ("ids", known));
                depth.LastSqs = sqs;
                depth.LastBacklog = backlog;
                depth.PeakSqs = Math.Max(depth.PeakSqs, sqs);
                depth.PeakOutbox = Math.Max(depth.PeakOutbox, outbox);
                depth.PeakBacklog = Math.Max(depth.PeakBacklog, backlog);
                if (clock.Elapsed >= nextTimeline)
                {
                    var processed = await ctx.Stack.ScalarAsync("select count(*) from upload_status where id = any(@ids) and status = 'Processed'", ctx.Ct, ("ids", known));
                    depth.Timeline.Add((clock.Elapsed.TotalSeconds, sqs, backlog, processed));
                    nextTimeline += step;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                BenchContext.Log($"   queue watch: {e.Message}");
            }
            try { await Task.Delay(1000, stop); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Deletes the originals of Processed uploads so the in-memory emulator holds only the backlog.</summary>
    private static async Task ReapAsync(BenchContext ctx, ConcurrentDictionary<int, Guid> ids, ConcurrentDictionary<Guid, bool> reaped, CancellationToken stop)
    {
        var tenant = ctx.Tenant.TenantId;
        var project = ctx.Tenant.ProjectId;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var candidates = ids.Values.Where(id => !reaped.ContainsKey(id)).ToArray();
                await using var conn = new Npgsql.NpgsqlConnection(ctx.Stack.OwnerConnectionString);
                await conn.OpenAsync(ctx.Ct);
                await using var cmd = new Npgsql.NpgsqlCommand("select id from upload_status where id = any(@ids) and status = 'Processed'", conn);
                cmd.Parameters.AddWithValue("ids", candidates);
                var done = new List<Guid>();
                await using (var reader = await cmd.ExecuteReaderAsync(ctx.Ct))
                    while (await reader.ReadAsync(ctx.Ct)) done.Add(reader.GetGuid(0));
                foreach (var id in done)
                {
                    await ctx.Stack.Storage.DeleteAsync(ObjectKeys.Original(tenant, project, id), ctx.Ct);
                    reaped[id] = true;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                BenchContext.Log($"   reaper: {e.Message}");
            }
            try { await Task.Delay(2000, stop); } catch (OperationCanceledException) { return; }
        }
    }
}
