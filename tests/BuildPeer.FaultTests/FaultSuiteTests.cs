using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using BuildPeer.FaultTests.Clients;
using BuildPeer.FaultTests.Faults;
using BuildPeer.FaultTests.Infrastructure;
using BuildPeer.FaultTests.Verification;
using BuildPeer.Hosting.Local;
using BuildPeer.TestSupport;
using Xunit.Abstractions;

namespace BuildPeer.FaultTests;

/// <summary>
/// The fault suite: a batch of uploads from clients spread over two API instances while a fault task SIGKILLs
/// Processing instances and restarts them, SIGSTOPs the emulator for longer than the visibility timeout, restarts
/// PostgreSQL, and delivers real envelopes twice. At the end every upload must be final with the outcome its
/// file deserves, nothing lost, no pipeline event twice, every stream's versions 1..n, and the outbox empty.
/// Size: BUILDPEER_FAULT_UPLOADS (default 200; by hand e.g. 2000). See <see cref="FaultSettings"/>.
/// </summary>
public sealed class FaultSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_upload_ends_final_exactly_once_through_killed_workers_a_paused_emulator_a_database_restart_and_duplicate_deliveries()
    {
        var settings = FaultSettings.FromEnvironment();
        var elapsed = Stopwatch.StartNew();
        var transcript = new StringBuilder();
        void Log(string line)
        {
            line = $"[{elapsed.Elapsed.TotalSeconds,6:0.0}s] {line}";
            lock (transcript) transcript.AppendLine(line);
            output.WriteLine(line);
            Console.Error.WriteLine("fault suite " + line);
        }

        using var overall = new CancellationTokenSource(TimeSpan.FromMinutes(10) + settings.BatchDuration * 2 + settings.Drain);
        var ct = overall.Token;
        var cluster = new FaultCluster();
        var passed = false;
        try
        {
            Log($"seed={settings.Seed} uploads={settings.Uploads} clients={settings.Clients} batch≥{settings.BatchDuration.TotalSeconds:0}s " +
                $"drain≤{settings.Drain.TotalSeconds:0}s configuration={FaultSettings.Configuration} folder={cluster.Root}");
            await cluster.StartAsync(ct);
            Log($"started: postgres pid {cluster.Postgres.Pid}, fauxqs pid {cluster.Fauxqs.Pid}, clamd pid {cluster.Clamd.Pid}, " +
                string.Join(", ", cluster.Services.Select(s => $"{s.Name} {s.BaseUrl} pid {s.Pid}")));

            FaultTenant[] tenants =
            [
                await FaultTenant.CreateAsync(cluster, "Constructora Cordillera", ct),
                await FaultTenant.CreateAsync(cluster, "Constructora Litoral", ct),
            ];
            var tenantIds = tenants.Select(t => t.TenantId).ToList();

            List<PlannedUpload> plans;
            using (var samplesDir = new TemporaryDirectory("fault-samples"))
            {
                var samples = await SampleSet.CreateAsync(samplesDir.Path);
                var planRng = new Random(settings.Seed);
                plans = Enumerable.Range(0, settings.Uploads).Select(i => samples.Plan(i, planRng)).ToList();
            }
            Log("planned: " + string.Join(", ", plans.GroupBy(p => p.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}")) +
                $", never complete={plans.Count(p => p.SkipComplete)}, complete twice={plans.Count(p => p.CompleteTwice)}, " +
                $"largest={plans.Max(p => p.Bytes.Length) / 1024} KB");

            // The clients, paced over the batch duration so the faults land while work is in flight.
            var stats = new ClientStats();
            var issued = new ConcurrentDictionary<Guid, PlannedUpload>();
            var clientErrors = new ConcurrentBag<string>();
            var client = new FaultClient(cluster.Apis.Select(a => a.BaseUrl).ToList(), tenants, stats);
            var interval = settings.BatchDuration / settings.Uploads;
            var batchClock = Stopwatch.StartNew();
            var done = 0;
            var clients = Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = settings.Clients, CancellationToken = ct },
                async (plan, token) =>
                {
                    var due = interval * plan.Index - batchClock.Elapsed;
                    if (due > TimeSpan.Zero) await Task.Delay(due, token);
                    try
                    {
                        await client.UploadAsync(plan, id => issued[id] = plan, token);
                    }
                    catch (ClientGaveUpException e)
                    {
                        clientErrors.Add($"upload #{plan.Index} ({plan.Kind}): {e.Message}");
                    }
                    if (Interlocked.Increment(ref done) % Math.Max(1, settings.Uploads / 10) == 0)
                        Log($"clients: {done}/{settings.Uploads} uploads sent ({stats.Retries} retries so far)");
                });

            var injector = new FaultInjector(cluster, tenantIds, new Random(settings.Seed ^ 0x5eed), Log);
            var faults = injector.RunAsync(clients, ct);
            await clients;
            Log($"clients done in {batchClock.Elapsed.TotalSeconds:0} s: {issued.Count} uploads issued, {stats.Retries} retries, {clientErrors.Count} gave up");
            await faults;
            Log($"faults done: {injector.Counts}");

            // Drain: everything must settle within the bound after the last fault.
            var deadline = injector.LastFaultEndedAt + settings.Drain;
            var sqs = cluster.CreateSqsClient();
            var queueUrl = await sqs.GetQueueUrlAsync(FaultCluster.Queue, ct);
            LedgerReport report;
            var lastNote = DateTime.MinValue;
            while (true)
            {
                report = await Ledger.ReadAsync(cluster, tenantIds, issued, ct);
                var depth = await sqs.GetApproximateDepthAsync(queueUrl, ct);
                if (report.Settled && depth == 0) break;
                if (DateTime.UtcNow > deadline)
                {
                    Log($"not settled {settings.Drain.TotalSeconds:0} s after the last fault: lost={report.Lost} outbox={report.OutboxRows} queue depth={depth}");
                    break;
                }
                if (DateTime.UtcNow - lastNote > TimeSpan.FromSeconds(10))
                {
                    Log($"settling: {report.Lost} uploads not final yet, outbox={report.OutboxRows}, queue depth={depth}");
                    lastNote = DateTime.UtcNow;
                }
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
            report = await Ledger.ReadAsync(cluster, tenantIds, issued, ct, withDeadLetters: true);

            // Every instance must still be up and healthy after all that.
            var unhealthy = new List<string>(injector.Counts.NotRecovered);
            foreach (var service in cluster.Services)
                if (!await service.WaitHealthyAsync(TimeSpan.FromSeconds(10), ct))
                    unhealthy.Add($"{service.Name} unhealthy at the end: {await service.DescribeHealthAsync()}");

            var problems = report.Problems.Concat(clientErrors.Select(e => "client gave up: " + e)).Concat(unhealthy).ToList();
            passed = report.Lost == 0 && report.Wrong == 0 && report.DuplicateEvents == 0 && report.Gaps == 0 && report.OutboxRows == 0
                     && clientErrors.IsEmpty && unhealthy.Count == 0 && report.Problems.Count == 0;

            if (!passed)
            {
                Log("PROBLEMS:\n  " + string.Join("\n  ", problems.Take(60)) + (problems.Count > 60 ? $"\n  … and {problems.Count - 60} more" : ""));
                Log("log tails (the whole logs stay in " + cluster.LogDirectory + "):\n" + cluster.LogTails());
            }
            var retryReasons = string.Join(", ", stats.RetryReasons.OrderByDescending(r => r.Value).Take(8).Select(r => $"{r.Key}×{r.Value}"));
            Log($"client retries by reason: {(retryReasons.Length == 0 ? "none" : retryReasons)}");
            Log("fault timeline:\n  " + string.Join("\n  ", injector.Counts.Timeline));

            var last = $"fault suite: uploads={report.Uploads} processed={report.Processed} quarantined={report.Quarantined} failed={report.Failed} " +
                       $"lost={report.Lost} duplicate_events={report.DuplicateEvents} gaps={report.Gaps} | faults: {injector.Counts} | " +
                       $"wrong={report.Wrong} orphans={report.Orphans} outbox={report.OutboxRows} dead_letters={report.DeadLetters} " +
                       $"unrecovered={unhealthy.Count} client_gave_up={clientErrors.Count} client_retries={stats.Retries} " +
                       $"never_completed={stats.AbandonedBeforeComplete} completed_twice={stats.DoubleCompletes} | seed={settings.Seed} {elapsed.Elapsed.TotalSeconds:0}s";
            WriteLastLine(last, transcript, output);

            Assert.True(passed, $"The fault suite found {problems.Count} problems (logs kept in {cluster.LogDirectory}):\n" +
                                string.Join("\n", problems.Take(30)) + "\n" + last);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Log($"the suite itself failed: {e}");
            Log("log tails (the whole logs stay in " + cluster.LogDirectory + "):\n" + cluster.LogTails());
            throw;
        }
        finally
        {
            cluster.KeepFiles = !passed || settings.KeepLogs;
            await cluster.DisposeAsync();
        }
    }

    /// <summary>The closing line goes to the test output, stdout, stderr and a file under TestResults/ (with the whole transcript).</summary>
    private static void WriteLastLine(string line, StringBuilder transcript, ITestOutputHelper output)
    {
        output.WriteLine(line);
        Console.Out.WriteLine(line);
        Console.Error.WriteLine(line);
        var dir = Path.Combine(RepositoryPaths.Root, "TestResults");
        Directory.CreateDirectory(dir);
        string text;
        lock (transcript) text = transcript + line + "\n";
        File.WriteAllText(Path.Combine(dir, $"fault-suite-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log"), text);
        File.WriteAllText(Path.Combine(dir, "fault-suite-last-line.txt"), line + "\n");
    }
}
