using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BuildPeer.Bench.Client;
using BuildPeer.Bench.Measure;
using BuildPeer.Bench.Reporting;
using Npgsql;

namespace BuildPeer.Bench.Benchmarks;

/// <summary>
/// 1. N concurrent clients initiate uploads (then PUT a tiny valid JPEG and complete each), beside the limit
/// measured in the same run on the same PostgreSQL: its own single-row insert rate at the same concurrency
/// (pgbench, or an Npgsql loop when pgbench is missing).
/// </summary>
public static partial class InitiationBenchmark
{
    private const string RawDatabase = "benchraw";

    public static async Task RunAsync(BenchContext ctx)
    {
        var sizes = ctx.Sizes;
        var api = ctx.Api;
        var tiny = ctx.Inputs.TinyJpeg;
        await PrepareRawTableAsync(ctx);

        BenchContext.Log($"1. initiation: warm-up ({sizes.InitiationWarmup} uploads: initiate, PUT, complete)");
        await Workers.RunAsync(sizes.InitiationWarmup, 16, async i =>
        {
            var ticket = await api.InitiateAsync(ctx.Tenant.ProjectId, $"warmup-{i}.jpg", "image/jpeg", tiny.Length, ctx.Ct);
            await api.PutAsync(ticket, tiny, ctx.Ct);
            await api.CompleteAsync(ticket.UploadId, ctx.Ct);
        }, ctx.Ct);

        var table = new Table("1. Upload initiation (N concurrent clients) vs PostgreSQL's raw single-row insert rate",
            "clients", "initiations/s", "p50", "p95", "p99", "raw inserts/s (limit)", "ratio", "completes/s", "complete p99", "API CPU per complete", "API CPU per initiation", "PostgreSQL CPU per initiation", "harness CPU per initiation", "machine busy", "target (≥500/s, p99<50 ms, ≥0.3× raw)");
        var rawTool = File.Exists("/usr/bin/pgbench") || Which("pgbench") is not null ? "pgbench" : "Npgsql loop";
        var levels = new List<(bool Met, double Rate, string Text)>();
        foreach (var clients in sizes.InitiationConcurrency)
        {
            var n = sizes.InitiationsPerLevel;
            var settled = await Quiet.WaitAsync([ctx.Stack.Api.Watched], ctx.Ct);
            BenchContext.Log($"1. initiation: {n} initiations with {clients} concurrent clients (API quiet after {settled:0} s)");
            var initiate = new Latencies();
            var tickets = new Ticket[n];
            var errors = new ErrorCount();
            var meter = new CpuMeter([ctx.Stack.Api.Watched, new Watched("postgres", ctx.Stack.Postgres.Pid, Tree: true), new Watched("harness", Environment.ProcessId)]);
            var wall = Stopwatch.StartNew();
            await Workers.RunAsync(n, clients, async i =>
            {
                try { tickets[i] = await initiate.TimeAsync(() => api.InitiateAsync(ctx.Tenant.ProjectId, $"init-{clients}-{i}.jpg", "image/jpeg", tiny.Length, ctx.Ct)); }
                catch (HttpRequestException e) { errors.Add(e); }
            }, ctx.Ct);
            var initiationsPerSecond = initiate.Count / wall.Elapsed.TotalSeconds;
            var cpu = meter.Stop();
            errors.ThrowIfMostFailed(n, "initiation");

            BenchContext.Log($"1. initiation: PUT + complete of the {initiate.Count} objects ({clients} clients)");
            var complete = new Latencies();
            var completeMeter = new CpuMeter([ctx.Stack.Api.Watched]);
            var completeWall = Stopwatch.StartNew();
            await Workers.RunAsync(n, clients, async i =>
            {
                if (tickets[i] is not { } ticket) return;
                try
                {
                    await api.PutAsync(ticket, tiny, ctx.Ct);
                    await complete.TimeAsync(async () => { await api.CompleteAsync(ticket.UploadId, ctx.Ct); return 0; });
                }
                catch (HttpRequestException e) { errors.Add(e); }
            }, ctx.Ct);
            // Completes/s here includes the storage PUT each client makes before it.
            var completesPerSecond = complete.Count / completeWall.Elapsed.TotalSeconds;
            var completeCpu = completeMeter.Stop();

            BenchContext.Log($"1. initiation: raw inserts with {rawTool}, {clients} clients, {sizes.RawInsertSeconds} s");
            var raw = rawTool == "pgbench" ? await PgbenchAsync(ctx, clients, sizes.RawInsertSeconds) : await NpgsqlLoopAsync(ctx, clients, sizes.RawInsertSeconds);
            var ratio = initiationsPerSecond / raw;
            var met = initiationsPerSecond >= 500 && initiate.P(99) < 50 && ratio >= 0.3;
            table.Row(clients.ToString(CultureInfo.InvariantCulture), Fmt.N(initiationsPerSecond, "0"), Fmt.Ms(initiate.P(50)), Fmt.Ms(initiate.P(95)),
                Fmt.Ms(initiate.P(99)), Fmt.N(raw, "0"), Fmt.Ratio(ratio), Fmt.N(completesPerSecond, "0"), Fmt.Ms(complete.P(99)),
                Fmt.Ms(completeCpu.Self("api") * 1000 / Math.Max(1, complete.Count)),
                Fmt.Ms(cpu.Self("api") * 1000 / Math.Max(1, initiate.Count)), Fmt.Ms(cpu.Total("postgres") * 1000 / Math.Max(1, initiate.Count)),
                Fmt.Ms(cpu.Self("harness") * 1000 / Math.Max(1, initiate.Count)), Fmt.N(cpu.MachineBusyShare * 100, "0") + " %", Fmt.Met(met));
            var text = $"{Fmt.N(initiationsPerSecond, "0")}/s, p99 {Fmt.Ms(initiate.P(99))}, {Fmt.Ratio(ratio)} of {Fmt.N(raw, "0")} raw inserts/s ({clients} clients)";
            levels.Add((met, initiationsPerSecond, text));
            if (errors.Count > 0) table.Note($"{clients} clients: {errors.Count} failed calls; first: {errors.First}");
        }
        table.Note($"An initiation is POST /api/projects/{{id}}/uploads for one {tiny.Length}-byte JPEG: JWT check, project access check, UploadRequested appended " +
                   "(Marten: mt_streams + mt_events + the UploadStatus snapshot) and an audit row, in one transaction, plus a presigned PUT URL.");
        table.Note($"Raw inserts: {rawTool} with the same number of clients, each statement `insert into raw_inserts (id, tenant_id, data) values " +
                   "(gen_random_uuid(), gen_random_uuid(), '{\"n\":1}')` committed on its own (fsync on), on the same server in the same run.");
        table.Note("API CPU per initiation: the API process's CPU-seconds over the initiation run ÷ initiations (its background work included); " +
                   "PostgreSQL: the postmaster and all its backends; harness: this program's load-generating clients. " +
                   "Machine busy: share of both cores busy meanwhile, with the harness's clients, PostgreSQL and anything else running on the box.");
        table.Note("Completes/s: each client PUTs the object to S3 (fauxqs) then calls complete (HeadObject, UploadReceived + outbox row in one transaction).");
        ctx.Report.Add(table);
        // Met if some client count meets all three; otherwise the figures of the fastest one.
        var best = levels.Where(l => l.Met).Concat(levels.OrderByDescending(l => l.Rate)).First();
        ctx.Report.Target("1. initiation", "≥ 500/s with p99 < 50 ms, and ≥ 0.3 × raw insert rate (at some client count)", best.Text, best.Met);
    }

    private static async Task PrepareRawTableAsync(BenchContext ctx)
    {
        await ctx.Stack.Postgres.CreateDatabaseIfMissingAsync(RawDatabase, ctx.Ct);
        await using var conn = new NpgsqlConnection(ctx.Stack.Postgres.ConnectionStringFor(RawDatabase));
        await conn.OpenAsync(ctx.Ct);
        await using var cmd = new NpgsqlCommand("""
            create table if not exists raw_inserts (
              id uuid primary key, tenant_id uuid not null, data jsonb not null, created_at timestamptz not null default now())
            """, conn);
        await cmd.ExecuteNonQueryAsync(ctx.Ct);
    }

    private static async Task<double> PgbenchAsync(BenchContext ctx, int clients, int seconds)
    {
        var script = Path.Combine(ctx.Stack.Root, "raw-insert.sql");
        await File.WriteAllTextAsync(script, "insert into raw_inserts (id, tenant_id, data) values (gen_random_uuid(), gen_random_uuid(), '{\"n\":1}');\n", ctx.Ct);
        var info = new ProcessStartInfo("pgbench")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-n", "-h", "127.0.0.1", "-p", ctx.Stack.Postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
                     "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(clients, 4).ToString(CultureInfo.InvariantCulture),
                     "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script, RawDatabase })
            info.ArgumentList.Add(a);
        info.Environment["PGPASSWORD"] = ctx.Stack.Postgres.Password;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ctx.Ct);
        var stderr = process.StandardError.ReadToEndAsync(ctx.Ct);
        await process.WaitForExitAsync(ctx.Ct);
        var output = await stdout + await stderr;
        var match = TpsLine().Match(output);
        if (process.ExitCode != 0 || !match.Success) throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<double> NpgsqlLoopAsync(BenchContext ctx, int clients, int seconds)
    {
        var connectionString = ctx.Stack.Postgres.ConnectionStringFor(RawDatabase) + $";Maximum Pool Size={clients + 5}";
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        long count = 0;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync(ctx.Ct);
            await using var cmd = new NpgsqlCommand("insert into raw_inserts (id, tenant_id, data) values (gen_random_uuid(), gen_random_uuid(), '{\"n\":1}')", conn);
            await cmd.PrepareAsync(ctx.Ct);
            while (DateTime.UtcNow < deadline)
            {
                await cmd.ExecuteNonQueryAsync(ctx.Ct);
                Interlocked.Increment(ref count);
            }
        })));
        return count / wall.Elapsed.TotalSeconds;
    }

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}

/// <summary>Counts failed calls; a benchmark whose calls mostly fail is a broken harness, not a figure.</summary>
public sealed class ErrorCount
{
    private int _count;
    public int Count => _count;
    public string? First { get; private set; }

    public void Add(Exception e)
    {
        if (Interlocked.Increment(ref _count) == 1) First = e.Message;
    }

    public void ThrowIfMostFailed(int attempted, string what)
    {
        if (attempted > 0 && _count * 2 > attempted)
            throw new InvalidOperationException($"{_count} of {attempted} {what} calls failed; first: {First}");
    }
}
