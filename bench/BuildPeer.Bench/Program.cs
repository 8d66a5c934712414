using System.Diagnostics;
using BuildPeer.Bench;
using BuildPeer.Bench.Benchmarks;
using BuildPeer.Bench.Client;
using BuildPeer.Bench.Inputs;
using BuildPeer.Bench.Renderers;
using BuildPeer.Bench.Reporting;
using BuildPeer.Bench.Stack;
using BuildPeer.TestSupport;

// bench/run [--quick] [--only 1,2,3,4,5,6,7] [--out FILE] [--spike N] [--spike-window SECONDS] [--keep-state] [--probe-idle SECONDS]
// Exit code 0 when every benchmark ran (targets not met are reported, not failures); 1 when the harness broke.
if (args.Length > 0 && args[0] == ProxyServer.Command) return ProxyServer.Run(args[1..]);
if (args.Length > 0 && args[0] == RenditionPeer.Command) return await RenditionPeer.RunAsync(args[1..]);

var quick = args.Contains("--quick");
var only = Option("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() ?? ["1", "2", "3", "4", "5", "6", "7"];
var sizes = quick ? BenchSizes.QuickSizes : BenchSizes.Full;
if (Option("--spike") is { } spikeSize) sizes = sizes with { SpikeUploads = int.Parse(spikeSize) };
if (Option("--spike-window") is { } spikeWindow) sizes = sizes with { SpikeWindowSeconds = int.Parse(spikeWindow) };
var resultsDir = Path.Combine(RepositoryPaths.Root, "bench", ".results");
var output = Option("--out") ?? Path.Combine(resultsDir, $"{(quick ? "quick" : "full")}-{DateTime.Now:yyyyMMdd-HHmmss}.md");
var report = new Report
{
    Mode = quick ? "quick" : "full",
    Command = Environment.GetEnvironmentVariable("BENCH_COMMAND") ?? "dotnet BuildPeer.Bench.dll " + string.Join(' ', args),
};

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    BenchContext.Log("cancelling: stopping every process the harness started");
    cancel.Cancel();
};
var ct = cancel.Token;
var clock = Stopwatch.StartNew();
var exitCode = 0;
BenchStack? stack = null;
try
{
    await DescribeMachineAsync(report);
    BenchContext.Log($"BuildPeer benchmarks, {report.Mode} mode ({string.Join(",", only.Order())}); machine: {string.Join("; ", report.Machine.Select(m => $"{m.Name} {m.Value}"))}");

    // The bad-link benchmark alone needs a handful of photos, not the pipeline's hundreds.
    var inputs = only.IsSubsetOf(["6", "7"])
        ? await InputSet.PrepareAsync(BadLinkBenchmark.PhotosPerRun, sizes.SourceImages, 1, sizes.PdfPages, 1_000_000, BenchContext.Log)
        : await InputSet.PrepareAsync(sizes.PhotosNeeded, sizes.SourceImages, sizes.PipelinePdfs, sizes.PdfPages, sizes.LargePdfBytes, BenchContext.Log);

    BenchContext.Log("starting PostgreSQL, fauxqs, clamd, the API and the bench proxy");
    stack = await BenchStack.StartAsync(ct);
    BenchContext.Log($"started in {clock.Elapsed.TotalSeconds:0} s: api pid {stack.Api.Pid}, proxy pid {stack.Proxy.Pid}, postgres pid {stack.Postgres.Pid}, " +
                     $"fauxqs pid {stack.Fauxqs.Pid}, clamd pid {stack.Clamd.Pid}; state in {stack.Root}");
    var tenant = new BenchTenant();
    await tenant.CreateAsync(stack.OwnerConnectionString, ct);
    using var api = new BenchApi(stack.Api.BaseUrl, tenant.Email, BenchTenant.Password);
    await api.CurrentTokenAsync(ct);
    var ctx = new BenchContext { Stack = stack, Api = api, Tenant = tenant, Inputs = inputs, Sizes = sizes, Report = report, Ct = ct };

    if (Option("--probe-idle") is { } probe) await ProbeIdleAsync(stack, int.Parse(probe), ct);
    if (only.Contains("1")) await InitiationBenchmark.RunAsync(ctx);
    if (Option("--probe-idle") is { } probe2) await ProbeIdleAsync(stack, int.Parse(probe2), ct);
    if (only.Contains("2")) await BytesBenchmark.RunAsync(ctx);
    if (only.Overlaps(["3", "4", "5", "6"]))
    {
        BenchContext.Log("draining the API's outbox, emptying the queue, then starting Processing");
        await stack.DrainOutboxAndPurgeQueueAsync(ct);
        await stack.DeleteObjectsAsync($"tenant-{tenant.TenantId}/", ct);
        // Benchmarks 1–2 leave uploads whose messages were just purged and whose objects are gone. Processing's
        // reconciler would re-send (or keep checking) them in the middle of the pipeline and spike benchmarks, so the
        // projection marks them final; nothing else reads them again.
        var parked = await stack.ScalarAsync("""
            with parked as (update uploads.mt_doc_uploadstatus set status = 'Deleted', data = jsonb_set(data, '{status}', '"Deleted"')
                            where tenant_id = @t::text and status in ('Requested', 'Received', 'Scanned') returning 1)
            select count(*) from parked
            """, ct, ("t", tenant.TenantId));
        BenchContext.Log($"{parked} uploads left by benchmarks 1–2 marked Deleted in the projection");
        await stack.StartProcessingAsync(ct);
        BenchContext.Log($"processing pid {stack.Processing!.Pid}");
    }
    if (only.Contains("3")) await PipelineBenchmark.RunAsync(ctx);
    if (only.Contains("4")) await SpikeBenchmark.RunAsync(ctx);
    if (only.Contains("5")) await MemoryBenchmark.RunLargePdfAsync(ctx);
    if (only.Contains("6")) await BadLinkBenchmark.RunAsync(ctx);
    if (only.Contains("7")) await StatusReadsBenchmark.RunAsync(ctx);
    if (only.Overlaps(["3", "4", "5"])) MemoryBenchmark.Report(ctx);
    foreach (var service in new[] { stack.Api, stack.Proxy, stack.Processing })
        if (service is { HasExited: true }) report.Failures.Add($"{service.Name} exited during the run; log: {service.LogPath}");
    if (args.Contains("--keep-state"))
    {
        stack.KeepState = true;
        BenchContext.Log($"keeping the state folder (logs of every process): {stack.Root}");
    }
}
catch (Exception e)
{
    exitCode = 1;
    report.Failures.Add($"{e.GetType().Name}: {e.Message}");
    Console.Error.WriteLine($"The benchmark harness failed: {e}");
    if (stack is not null)
    {
        stack.KeepState = true;
        Console.Error.WriteLine($"Logs kept in {stack.LogDirectory}");
        foreach (var service in new[] { stack.Api, stack.Proxy, stack.Processing })
            if (service is not null) Console.Error.WriteLine($"--- {service.Name} log tail ---\n{service.Tail(20)}");
    }
}
finally
{
    if (stack is not null)
    {
        BenchContext.Log("stopping every process the harness started");
        await stack.DisposeAsync();
    }
}

report.Elapsed = clock.Elapsed;
report.Machine.Add(("load average at end", File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b)));
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, report.ToMarkdown());
Console.WriteLine();
Console.WriteLine("Targets:");
foreach (var t in report.Targets) Console.WriteLine($"  [{t.Verdict}] {t.Benchmark}: {t.Target} — {t.Measured}");
foreach (var f in report.Failures) Console.WriteLine($"  [harness] {f}");
BenchContext.Log($"done in {clock.Elapsed.TotalMinutes:0.0} min; report written to {output}");
return exitCode;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static async Task ProbeIdleAsync(BenchStack stack, int seconds, CancellationToken ct)
{
    for (var t = 0; t < seconds; t += 5)
    {
        var meter = new BuildPeer.Bench.Measure.CpuMeter([stack.Api.Watched, stack.Proxy.Watched]);
        await Task.Delay(5000, ct);
        var r = meter.Stop();
        BenchContext.Log($"idle probe: api {r.Self("api") / r.WallSeconds * 100:0.0} % proxy {r.Self("proxy") / r.WallSeconds * 100:0.0} % (machine busy {r.MachineBusyShare * 100:0} %)");
    }
}

static async Task DescribeMachineAsync(Report report)
{
    var cpuModel = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
    var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    var os = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? "Linux";
    report.Machine.Add(("CPU", $"{Environment.ProcessorCount} cores, {cpuModel}"));
    report.Machine.Add(("memory", $"{long.Parse(memKb) / 1024 / 1024.0:0.0} GiB"));
    report.Machine.Add(("OS", $"{os}, kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}"));
    report.Machine.Add(("load average at start", File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b)));
    report.Machine.Add((".NET", Environment.Version.ToString()));
    report.Machine.Add(("tools", string.Join(", ", new[]
    {
        await VersionAsync("postgres", "--version"), await VersionAsync("vips", "--version"), await VersionAsync("clamd", "--version"),
        await VersionAsync("pdftoppm", "-v"), (await VersionAsync("/usr/bin/convert", "-version")).Replace("Version: ", "").Split(" https")[0],
        "node " + await VersionAsync("node", "--version"), FauxqsVersion(),
    }.Where(v => v.Length > 0))));
    report.Machine.Add(("co-located", "PostgreSQL, fauxqs (S3+SQS emulator), clamd, the API, Processing, the bench proxy and the load-generating harness all on this machine"));
}

static string FauxqsVersion()
{
    var package = Path.Combine(RepositoryPaths.Root, "tools", "fauxqs", "node_modules", "fauxqs", "package.json");
    if (!File.Exists(package)) return "";
    using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(package));
    return "fauxqs " + json.RootElement.GetProperty("version").GetString();
}

static async Task<string> VersionAsync(string tool, string flag)
{
    try
    {
        var info = new ProcessStartInfo(tool, flag) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(info)!;
        var text = (await p.StandardOutput.ReadToEndAsync()) + (await p.StandardError.ReadToEndAsync());
        await p.WaitForExitAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
    }
    catch (Exception)
    {
        return "";
    }
}
