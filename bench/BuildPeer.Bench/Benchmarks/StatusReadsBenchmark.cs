using System.Diagnostics;
using System.Net.Http.Headers;
using BuildPeer.Bench.Reporting;
using BuildPeer.Bench.Stack;
using BuildPeer.TestSupport;

namespace BuildPeer.Bench.Benchmarks;

/// <summary>
/// 7. What polling clients cost the database: 1,000 reads of one upload's status (GET /api/uploads/{id}, what
/// the CLI and integrations repeat) from the API without Redis and from one with Redis, one after the other in
/// the same run. Counted by PostgreSQL itself: scans of upload_status and project_members, and transactions.
/// </summary>
public static class StatusReadsBenchmark
{
    private sealed record DbWork(long StatusScans, long MemberScans, long Transactions);

    public static async Task RunAsync(BenchContext ctx)
    {
        var reads = ctx.Sizes.Quick ? 200 : 1000;
        BenchContext.Log($"7. status reads: {reads} polls of one upload, API without Redis vs with Redis");
        await using var redis = await RedisProcess.StartAsync();
        await using var cached = await ctx.Stack.StartAnotherApiAsync("api-redis",
            new Dictionary<string, string?> { ["ConnectionStrings__redis"] = redis.ConnectionString }, ctx.Ct);
        var ticket = await ctx.Api.InitiateAsync(ctx.Tenant.ProjectId, "estado.jpg", "image/jpeg", ctx.Inputs.TinyJpeg.Length, ctx.Ct);
        var token = await ctx.Api.CurrentTokenAsync(ctx.Ct);

        var table = new Table($"7. Status reads: database work per 1,000 polls of GET /api/uploads/{{id}} ({reads} measured)",
            "API", "upload_status scans", "project_members scans", "transactions", "p50", "p99");
        var results = new List<(string Name, DbWork Work)>();
        // Processing's reconciler reads upload_status on its own schedule: paused meanwhile, so the counts are the reads'.
        if (ctx.Stack.Processing is { } paused) PosixSignals.Stop(paused.Pid);
        try
        {
            foreach (var (name, baseUrl) in new[] { ("without Redis (PostgreSQL every time)", ctx.Stack.Api.BaseUrl), ("with Redis (status cache)", cached.BaseUrl) })
            {
                var (work, latencies) = await PollAsync(ctx, baseUrl, token, ticket.UploadId, reads);
                results.Add((name, work));
                var per1000 = 1000.0 / reads;
                table.Row(name, Fmt.N(work.StatusScans * per1000, "0"), Fmt.N(work.MemberScans * per1000, "0"), Fmt.N(work.Transactions * per1000, "0"),
                    Fmt.Ms(latencies[latencies.Count / 2]), Fmt.Ms(latencies[(int)(latencies.Count * 0.99)]));
            }
        }
        finally
        {
            if (ctx.Stack.Processing is { } resumed) PosixSignals.Continue(resumed.Pid);
        }
        table.Note("Counted from pg_stat_user_tables (seq + index scans) and pg_stat_database (commits + rollbacks) before and after, " +
                   "after an 11 s pause for every backend's statistics to be flushed; Processing (when running) is paused with SIGSTOP meanwhile, so nothing else reads those tables.");
        table.Note("With Redis the project-membership check still reads PostgreSQL on every request: tenant and role checks are never cached.");
        ctx.Report.Add(table);
        var (without, with) = (results[0].Work, results[1].Work);
        ctx.Report.Target("7. status reads", "polled reads served without reading upload_status",
            $"{Fmt.N(with.StatusScans * 1000.0 / reads, "0")} upload_status scans per 1,000 reads with Redis vs {Fmt.N(without.StatusScans * 1000.0 / reads, "0")} without",
            with.StatusScans * 10 < Math.Max(1, without.StatusScans));
    }

    private static async Task<(DbWork Work, List<double> Latencies)> PollAsync(BenchContext ctx, string baseUrl, string token, Guid uploadId, int reads)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        for (var i = 0; i < 20; i++) (await http.GetAsync($"/api/uploads/{uploadId}", ctx.Ct)).EnsureSuccessStatusCode();
        var before = await DbWorkAsync(ctx);
        var latencies = new List<double>(reads);
        for (var i = 0; i < reads; i++)
        {
            var clock = Stopwatch.StartNew();
            (await http.GetAsync($"/api/uploads/{uploadId}", ctx.Ct)).EnsureSuccessStatusCode();
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        var after = await DbWorkAsync(ctx);
        latencies.Sort();
        return (new DbWork(after.StatusScans - before.StatusScans, after.MemberScans - before.MemberScans, after.Transactions - before.Transactions), latencies);
    }

    private static async Task<DbWork> DbWorkAsync(BenchContext ctx)
    {
        // PostgreSQL 15 flushes a busy backend's statistics every second and an idle one's within 10 s.
        await Task.Delay(TimeSpan.FromSeconds(11), ctx.Ct);
        var status = await ctx.Stack.ScalarAsync("select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) from pg_stat_user_tables where schemaname = 'uploads' and relname = 'mt_doc_uploadstatus'", ctx.Ct);
        var members = await ctx.Stack.ScalarAsync("select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) from pg_stat_user_tables where relname = 'project_members'", ctx.Ct);
        var transactions = await ctx.Stack.ScalarAsync("select xact_commit + xact_rollback from pg_stat_database where datname = current_database()", ctx.Ct);
        return new DbWork(status, members, transactions);
    }
}
