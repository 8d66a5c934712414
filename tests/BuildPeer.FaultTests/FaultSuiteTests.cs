using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amazon.SQS.Model;
using BuildPeer.FaultTests.Clients;
using BuildPeer.FaultTests.Faults;
using BuildPeer.FaultTests.Infrastructure;
using BuildPeer.FaultTests.Verification;
using BuildPeer.Messaging;
using BuildPeer.TestSupport.Messaging;
using BuildPeer.TestSupport;
using BuildPeer.Uploads.Messages;
using Xunit.Abstractions;

namespace BuildPeer.FaultTests;

/// <summary>
/// The fault suite: a batch of uploads from clients spread over two API instances while a fault task SIGKILLs
/// Processing instances and restarts them, SIGSTOPs the emulator for longer than the visibility timeout, restarts
/// PostgreSQL, and delivers real envelopes twice. At the end every upload must be final with the outcome its
/// file deserves, nothing lost, no pipeline event twice, every stream's versions 1..n, and the outbox empty.
/// Size: BUILDPEER_FAULT_UPLOADS (default 200; by hand e.g. 2000). See <see cref="FaultSettings"/>.
/// </summary>
public sealed class FaultSuiteTests(FaultClusterFixture fixture, ITestOutputHelper output) : IClassFixture<FaultClusterFixture>
{
    private readonly FaultCluster _cluster = fixture.Cluster;
    private readonly FaultSettings _settings = fixture.Settings;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly StringBuilder _transcript = new();

    [Fact]
    public async Task Every_upload_ends_final_exactly_once_through_killed_workers_a_paused_emulator_a_database_restart_and_duplicate_deliveries()
    {
        using var overall = new CancellationTokenSource(TimeSpan.FromMinutes(10) + _settings.BatchDuration * 2 + _settings.Drain);
        var ct = overall.Token;
        var passed = false;
        try
        {
            Log($"seed={_settings.Seed} uploads={_settings.Uploads} clients={_settings.Clients} batch≥{_settings.BatchDuration.TotalSeconds:0}s " +
                $"drain≤{_settings.Drain.TotalSeconds:0}s configuration={FaultSettings.Configuration} folder={_cluster.Root}");
            Log($"running: postgres pid {_cluster.Dependencies.PidOf(AppHostDependencies.Postgres)}, fauxqs pid {_cluster.Dependencies.PidOf(AppHostDependencies.Aws)}, clamd pid {_cluster.Dependencies.PidOf(AppHostDependencies.Clamd)}, " +
                string.Join(", ", _cluster.Services.Select(s => $"{s.Name} {s.BaseUrl} pid {s.Pid} ({s.LastStartup})")));

            FaultTenant[] tenants =
            [
                await FaultTenant.CreateAsync(_cluster, "Constructora Cordillera", ct),
                await FaultTenant.CreateAsync(_cluster, "Constructora Litoral", ct),
            ];
            var tenantIds = tenants.Select(t => t.TenantId).ToList();

            var plans = await PlanAsync(_settings.Uploads, new Random(_settings.Seed));
            Log("planned: " + string.Join(", ", plans.GroupBy(p => p.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}")) +
                $", never complete={plans.Count(p => p.SkipComplete)} (with an S3 notification: {plans.Count(p => p.SkipComplete && p.S3Notification)}), " +
                $"complete twice={plans.Count(p => p.CompleteTwice)}, S3 notifications={plans.Count(p => p.S3Notification)}, largest={plans.Max(p => p.Bytes.Length) / 1024} KB");

            // The clients, paced over the batch duration so the faults land while work is in flight.
            var stats = new ClientStats();
            var issued = new ConcurrentDictionary<Guid, PlannedUpload>();
            var clientErrors = new ConcurrentBag<string>();
            var client = new FaultClient(_cluster.Apis.Select(a => a.BaseUrl).ToList(), tenants, stats, _cluster.NotifyObjectCreatedAsync);
            var interval = _settings.BatchDuration / _settings.Uploads;
            var batchClock = Stopwatch.StartNew();
            var done = 0;
            var clients = Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = _settings.Clients, CancellationToken = ct },
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
                    if (Interlocked.Increment(ref done) % Math.Max(1, _settings.Uploads / 10) == 0)
                        Log($"clients: {done}/{_settings.Uploads} uploads sent ({stats.Retries} retries so far)");
                });

            var injector = new FaultInjector(_cluster, tenantIds, new Random(_settings.Seed ^ 0x5eed), Log);
            var faults = injector.RunAsync(clients, ct);
            await clients;
            Log($"clients done in {batchClock.Elapsed.TotalSeconds:0} s: {issued.Count} uploads issued, {stats.Retries} retries, {clientErrors.Count} gave up");
            await faults;
            Log($"faults done: {injector.Counts}");

            var report = await SettleAsync(tenantIds, issued, injector.LastFaultEndedAt + _settings.Drain, ct);

            // Every instance must still be up and healthy after all that.
            var unhealthy = new List<string>(injector.Counts.NotRecovered);
            foreach (var service in _cluster.Services)
                if (!await service.WaitHealthyAsync(TimeSpan.FromSeconds(10), ct))
                    unhealthy.Add($"{service.Name} unhealthy at the end: {await service.DescribeHealthAsync()}");

            var problems = report.Problems.Concat(clientErrors.Select(e => "client gave up: " + e)).Concat(unhealthy).ToList();
            passed = report.Lost == 0 && report.Wrong == 0 && report.DuplicateEvents == 0 && report.Gaps == 0 && report.OutboxRows == 0
                     && clientErrors.IsEmpty && unhealthy.Count == 0 && report.Problems.Count == 0;
            if (!passed) ReportProblems(problems);

            var retryReasons = string.Join(", ", stats.RetryReasons.OrderByDescending(r => r.Value).Take(8).Select(r => $"{r.Key}×{r.Value}"));
            Log($"client retries by reason: {(retryReasons.Length == 0 ? "none" : retryReasons)}");
            Log($"dead letters by message and error: {report.DeadLetterKinds}");
            Log("fault timeline:\n  " + string.Join("\n  ", injector.Counts.Timeline));

            var last = $"fault suite: uploads={report.Uploads} processed={report.Processed} quarantined={report.Quarantined} failed={report.Failed} " +
                       $"lost={report.Lost} duplicate_events={report.DuplicateEvents} gaps={report.Gaps} | faults: {injector.Counts} | " +
                       $"wrong={report.Wrong} orphans={report.Orphans} outbox={report.OutboxRows} dead_letters={report.DeadLetters} " +
                       $"extra_handled={report.ExtraHandled} unrecovered={unhealthy.Count} client_gave_up={clientErrors.Count} " +
                       $"client_retries={stats.Retries} never_completed={stats.AbandonedBeforeComplete} completed_twice={stats.DoubleCompletes} " +
                       $"s3_notifications={stats.S3Notifications} | seed={_settings.Seed} {_elapsed.Elapsed.TotalSeconds:0}s";
            WriteLastLine("fault-suite", last);

            Assert.True(passed, $"The fault suite found {problems.Count} problems (logs kept in {_cluster.LogDirectory}):\n" +
                                string.Join("\n", problems.Take(30)) + "\n" + last);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Log($"the suite itself failed: {e}");
            Log("log tails (the whole logs stay in " + _cluster.LogDirectory + "):\n" + _cluster.LogTails());
            throw;
        }
        finally
        {
            if (!passed) fixture.AnyTestFailed = true;
        }
    }

    /// <summary>
    /// The reconciler's move, on its own: while an upload's ScanUpload is queued or being handled, two more ScanUpload
    /// messages for it arrive with envelope ids of their own (so the inbox cannot recognise them). Whichever handler
    /// commits second must see the upload has moved on and change nothing; the upload still ends Processed, once.
    /// </summary>
    [Fact]
    public async Task A_scan_re_sent_with_a_new_envelope_id_while_the_first_is_in_flight_changes_nothing()
    {
        const int uploads = 12;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        var passed = false;
        try
        {
            var tenant = await FaultTenant.CreateAsync(_cluster, "Constructora Reenvío", ct);
            var plans = (await PlanAsync(60, new Random(_settings.Seed)))
                .Where(p => p.Kind is "jpeg" or "png").Take(uploads)
                .Select(p => p with { TenantIndex = 0, SkipComplete = false, CompleteTwice = false, S3Notification = false }).ToList();
            var stats = new ClientStats();
            var client = new FaultClient(_cluster.Apis.Select(a => a.BaseUrl).ToList(), [tenant], stats);
            var sqs = _cluster.CreateSqsClient();
            var queueUrl = (await sqs.GetQueueUrlAsync(FaultCluster.Queue, ct)).QueueUrl;
            var issued = new ConcurrentDictionary<Guid, PlannedUpload>();

            await Task.WhenAll(plans.Select(async plan =>
            {
                var id = await client.UploadAsync(plan, u => issued[u] = plan, ct);
                for (var copy = 0; copy < 2; copy++)
                {
                    // What Reconciler.ReconcileAsync publishes for a Received upload: a new envelope, same message.
                    await sqs.SendMessageAsync(WolverineSqsMessages.For(queueUrl, new ScanUpload(id, tenant.TenantId), tenant.TenantId, Guid.CreateVersion7()), ct);
                }
            }));
            Log($"{uploads} uploads completed, each followed at once by 2 more ScanUpload envelopes with new ids");

            var report = await SettleAsync([tenant.TenantId], issued, DateTime.UtcNow + TimeSpan.FromSeconds(90), ct);
            passed = report.Lost == 0 && report.Wrong == 0 && report.DuplicateEvents == 0 && report.Gaps == 0 && report.Problems.Count == 0;
            if (!passed) ReportProblems(report.Problems);
            Log($"dead letters by message and error: {report.DeadLetterKinds}");
            var last = $"re-sent scans: uploads={report.Uploads} processed={report.Processed} wrong={report.Wrong} lost={report.Lost} " +
                       $"duplicate_events={report.DuplicateEvents} gaps={report.Gaps} extra_handled={report.ExtraHandled} dead_letters={report.DeadLetters}";
            WriteLastLine("re-sent-scans", last);
            Assert.True(passed, $"A re-sent ScanUpload changed the outcome (logs kept in {_cluster.LogDirectory}):\n" +
                                string.Join("\n", report.Problems.Take(20)) + "\n" + last);
        }
        finally
        {
            if (!passed) fixture.AnyTestFailed = true;
        }
    }

    private static async Task<List<PlannedUpload>> PlanAsync(int count, Random rng)
    {
        using var samplesDir = new TemporaryDirectory("fault-samples");
        var samples = await SampleSet.CreateAsync(samplesDir.Path);
        return Enumerable.Range(0, count).Select(i => samples.Plan(i, rng)).ToList();
    }

    /// <summary>Waits until every issued upload is final, the outbox is empty and the queue is drained, or the deadline passes.</summary>
    private async Task<LedgerReport> SettleAsync(IReadOnlyList<Guid> tenantIds, IReadOnlyDictionary<Guid, PlannedUpload> issued, DateTime deadline, CancellationToken ct)
    {
        var sqs = _cluster.CreateSqsClient();
        var queueUrl = (await sqs.GetQueueUrlAsync(FaultCluster.Queue, ct)).QueueUrl;
        var lastNote = DateTime.UtcNow;
        while (true)
        {
            var report = await Ledger.ReadAsync(_cluster, tenantIds, issued, ct);
            var depth = await sqs.GetApproximateDepthAsync(queueUrl, ct);
            if (report.Settled && depth == 0) break;
            if (DateTime.UtcNow > deadline)
            {
                Log($"not settled by the deadline: {report.Lost} uploads not final, outbox={report.OutboxRows}, queue depth={depth}");
                break;
            }
            if (DateTime.UtcNow - lastNote > TimeSpan.FromSeconds(10))
            {
                Log($"settling: {report.Lost} uploads not final yet, outbox={report.OutboxRows}, queue depth={depth}");
                lastNote = DateTime.UtcNow;
            }
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
        return await Ledger.ReadAsync(_cluster, tenantIds, issued, ct, withDeadLetters: true);
    }

    private void ReportProblems(IReadOnlyList<string> problems)
    {
        Log("PROBLEMS:\n  " + string.Join("\n  ", problems.Take(60)) + (problems.Count > 60 ? $"\n  … and {problems.Count - 60} more" : ""));
        Log("log tails (the whole logs stay in " + _cluster.LogDirectory + "):\n" + _cluster.LogTails());
    }

    private void Log(string line)
    {
        line = $"[{_elapsed.Elapsed.TotalSeconds,6:0.0}s] {line}";
        lock (_transcript) _transcript.AppendLine(line);
        output.WriteLine(line);
        Console.Error.WriteLine("fault suite " + line);
    }

    /// <summary>The closing line goes to the test output, stdout, stderr and a file under TestResults/ (with the whole transcript).</summary>
    private void WriteLastLine(string name, string line)
    {
        output.WriteLine(line);
        fixture.Announce(line);
        Console.Out.WriteLine(line);
        Console.Error.WriteLine(line);
        var dir = Path.Combine(RepositoryPaths.Root, "TestResults");
        Directory.CreateDirectory(dir);
        string text;
        lock (_transcript) text = _transcript + line + "\n";
        File.WriteAllText(Path.Combine(dir, $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log"), text);
        File.WriteAllText(Path.Combine(dir, $"{name}-last-line.txt"), line + "\n");
    }
}
