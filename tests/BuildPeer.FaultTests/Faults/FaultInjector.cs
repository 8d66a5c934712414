using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.FaultTests.Infrastructure;
using BuildPeer.FaultTests.Verification;
using BuildPeer.TestSupport;
using Npgsql;

namespace BuildPeer.FaultTests.Faults;

public enum FaultKind { KillProcessing, PauseEmulator, RestartPostgres, DuplicateDelivery, RestartRedis }

/// <summary>What was injected, and anything that did not come back.</summary>
public sealed class FaultCounts
{
    public int ProcessingKills;
    public int EmulatorPauses;
    public int PostgresRestarts;
    public int DuplicateDeliveries;
    public int RedisRestarts;
    /// <summary>Restarted instances that exited while starting and were started again (as an orchestrator does).</summary>
    public int StartRetries;
    public List<string> Timeline { get; } = [];
    public List<string> NotRecovered { get; } = [];
    public List<Guid> DuplicatedEnvelopes { get; } = [];

    public override string ToString() =>
        $"processing_kills={ProcessingKills} emulator_pauses={EmulatorPauses} postgres_restarts={PostgresRestarts} duplicate_deliveries={DuplicateDeliveries} redis_restarts={RedisRestarts} start_retries={StartRetries}";
}

/// <summary>
/// Injects faults while the clients upload: SIGKILL a random Processing instance and start it again; SIGSTOP the
/// emulator longer than the visibility timeout, then SIGCONT; restart PostgreSQL on the same data folder and port;
/// send copies of real envelopes (same envelope-id, message-type, tenant-id) straight to the queue; kill the Redis the
/// API instances share and start it again. The first round
/// holds every kind (kills three times); after that, random faults continue until the clients are done.
/// </summary>
public sealed class FaultInjector(FaultCluster cluster, IReadOnlyList<Guid> tenantIds, Random rng, Action<string> log)
{
    public static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(90);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly AmazonSQSClient _sqs = cluster.CreateSqsClient();

    public FaultCounts Counts { get; } = new();
    public DateTime LastFaultEndedAt { get; private set; } = DateTime.UtcNow;

    public async Task RunAsync(Task clientsDone, CancellationToken ct)
    {
        var first = new List<FaultKind>
        {
            FaultKind.KillProcessing, FaultKind.KillProcessing, FaultKind.KillProcessing,
            FaultKind.PauseEmulator, FaultKind.RestartPostgres, FaultKind.DuplicateDelivery, FaultKind.DuplicateDelivery,
            FaultKind.RestartRedis,
        }.OrderBy(_ => rng.Next()).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3 + rng.NextDouble() * 3), ct);
        while (first.Count > 0 || !clientsDone.IsCompleted)
        {
            FaultKind next;
            if (first.Count > 0) { next = first[0]; first.RemoveAt(0); }
            else next = rng.Next(100) switch { < 45 => FaultKind.KillProcessing, < 75 => FaultKind.DuplicateDelivery, < 88 => FaultKind.RestartPostgres, _ => FaultKind.PauseEmulator };
            await InjectAsync(next, ct);
            LastFaultEndedAt = DateTime.UtcNow;
            var gap = Task.Delay(TimeSpan.FromSeconds(2 + rng.NextDouble() * 4), ct);
            await (first.Count > 0 ? gap : Task.WhenAny(gap, clientsDone));
        }
        // Faults are over once every killed instance is back (or known not to come back).
        Task[] restarts;
        lock (_restarts) restarts = [.. _restarts];
        await Task.WhenAll(restarts);
        LastFaultEndedAt = DateTime.UtcNow;
    }

    private readonly List<Task> _restarts = [];
    private readonly HashSet<ServiceInstance> _restarting = [];

    public async Task InjectAsync(FaultKind kind, CancellationToken ct)
    {
        switch (kind)
        {
            case FaultKind.KillProcessing: await KillProcessingAsync(ct); break;
            case FaultKind.PauseEmulator: await PauseEmulatorAsync(ct); break;
            case FaultKind.RestartPostgres: await RestartPostgresAsync(ct); break;
            case FaultKind.DuplicateDelivery: await DeliverCopiesOfHandledEnvelopesAsync(5, ct); break;
            case FaultKind.RestartRedis: await RestartRedisAsync(ct); break;
        }
    }

    private void Note(string what)
    {
        var line = $"[{_clock.Elapsed.TotalSeconds,6:0.0}s] {what}";
        lock (Counts.Timeline) Counts.Timeline.Add(line);
        log(line);
    }

    /// <summary>SIGKILLs a running Processing instance; it is started again in the background (other faults go on meanwhile).</summary>
    private async Task KillProcessingAsync(CancellationToken ct)
    {
        // Keep one instance working, so the batch finishes in CI time; the others may be down at once.
        List<ServiceInstance> running;
        while (true)
        {
            lock (_restarts) running = cluster.Processing.Where(p => p.IsRunning && !_restarting.Contains(p)).ToList();
            if (running.Count >= 2) break;
            await Task.Delay(500, ct);
        }
        var victim = running[rng.Next(running.Count)];
        var pid = victim.Pid;
        await victim.KillAsync();
        Counts.ProcessingKills++;
        var down = TimeSpan.FromSeconds(1 + rng.NextDouble() * 2);
        Note($"SIGKILL {victim.Name} (pid {pid}); restarting in {down.TotalSeconds:0.0} s");
        lock (_restarts)
        {
            _restarting.Add(victim);
            _restarts.Add(RestartAsync(victim, down, ct));
        }
    }

    private async Task RestartAsync(ServiceInstance victim, TimeSpan down, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        try
        {
            await Task.Delay(down, ct);
            // As ECS does: an instance that exits while starting is started again. It happens when PostgreSQL restarts
            // while Wolverine registers its node (Wolverine cannot start without its database); counted, never hidden.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await victim.StartAsync(RecoveryTimeout, ct);
                    break;
                }
                catch (InvalidOperationException e) when (attempt < 3 && started.Elapsed < RecoveryTimeout && e.Message.Contains("exited with code"))
                {
                    Interlocked.Increment(ref Counts.StartRetries);
                    Note($"{victim.Name} exited while starting ({e.Message.Split('\n')[0]}); starting it again, as the orchestrator would");
                    await Task.Delay(TimeSpan.FromSeconds(2), ct);
                }
            }
            Note($"{victim.Name} healthy again (pid {victim.Pid}, {started.Elapsed.TotalSeconds:0.0} s after the kill; {victim.LastStartup})");
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            lock (Counts.NotRecovered) Counts.NotRecovered.Add($"{victim.Name} was not healthy within {RecoveryTimeout.TotalSeconds:0} s of its restart: {e.Message}");
            Note($"{victim.Name} did NOT come back: {e.Message.Split('\n')[0]}");
        }
        finally
        {
            lock (_restarts) _restarting.Remove(victim);
        }
    }

    private async Task PauseEmulatorAsync(CancellationToken ct)
    {
        var pause = TimeSpan.FromSeconds(12 + rng.NextDouble() * 3);
        cluster.PauseEmulator();
        Counts.EmulatorPauses++;
        Note($"SIGSTOP fauxqs (pid {cluster.Dependencies.PidOf(AppHostDependencies.Aws)}) for {pause.TotalSeconds:0.0} s (visibility timeout {FaultCluster.VisibilityTimeoutSeconds} s)");
        var pending = new Dictionary<Guid, StoredEnvelopes.Row>();
        var clock = Stopwatch.StartNew();
        try
        {
            // What the relays cannot send meanwhile: copies of these race their originals once SQS is back.
            while (clock.Elapsed < pause - TimeSpan.FromMilliseconds(300))
            {
                foreach (var envelope in await PendingOutboxEnvelopesAsync(20, ct)) pending.TryAdd(envelope.Envelope.Id, envelope);
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
        finally
        {
            cluster.ResumeEmulator();
        }
        Note($"SIGCONT fauxqs; {pending.Count} envelopes were waiting in the outbox meanwhile");
        await SendCopiesAsync(pending.Values.OrderBy(_ => rng.Next()).Take(8).ToList(), "from the outbox, racing their originals", ct);
    }

    private async Task RestartRedisAsync(CancellationToken ct)
    {
        var down = TimeSpan.FromSeconds(3 + rng.NextDouble() * 3);
        Note($"SIGKILL Redis (port {cluster.Redis!.Port}) for {down.TotalSeconds:0.0} s: limits per instance, status reads from PostgreSQL meanwhile");
        await cluster.RestartRedisAsync(down, ct);
        Counts.RedisRestarts++;
        Note("Redis up again; the API instances reconnect by themselves");
    }

    private async Task RestartPostgresAsync(CancellationToken ct)
    {
        var down = TimeSpan.FromSeconds(1 + rng.NextDouble() * 2);
        Note($"stopping PostgreSQL (pid {cluster.Dependencies.PidOf(AppHostDependencies.Postgres)}) for {down.TotalSeconds:0.0} s");
        await cluster.RestartPostgresAsync(down, ct);
        Counts.PostgresRestarts++;
        Note($"PostgreSQL up again (pid {cluster.Dependencies.PidOf(AppHostDependencies.Postgres)}); waiting for every service's /health");
        List<ServiceInstance> up;
        lock (_restarts) up = cluster.Services.Where(s => s.IsRunning && !_restarting.Contains(s)).ToList();
        var checks = up.Select(async s => (s, ok: await s.WaitHealthyAsync(RecoveryTimeout, ct))).ToList();
        var results = await Task.WhenAll(checks);
        foreach (var (service, ok) in results)
        {
            if (ok) continue;
            var health = await service.DescribeHealthAsync();
            lock (Counts.NotRecovered) Counts.NotRecovered.Add($"{service.Name} was not healthy within {RecoveryTimeout.TotalSeconds:0} s of the PostgreSQL restart: {health}");
            Note($"{service.Name} did NOT recover after the PostgreSQL restart: {health}");
        }
        if (results.All(r => r.ok)) Note($"every service healthy again after the PostgreSQL restart ({results.Length} checked)");
    }

    /// <summary>
    /// Copies of envelopes a handler already ran: Wolverine's inbox keeps them as Handled for a while, so their ids are
    /// known to it, and the copy is the very envelope it stored (same id, tenant and message).
    /// </summary>
    public async Task DeliverCopiesOfHandledEnvelopesAsync(int count, CancellationToken ct)
    {
        List<StoredEnvelopes.Row> handled;
        try
        {
            await using var conn = await cluster.OpenOwnerConnectionAsync(ct);
            handled = await StoredEnvelopes.ReadAsync(conn, StoredEnvelopes.Incoming, $"status = 'Handled' and {StoredEnvelopes.PipelineMessages}",
                tenantIds, ct, orderBy: "keep_until desc limit 200");
        }
        catch (NpgsqlException e)
        {
            Note($"could not read the inbox for duplicates: {e.Message}");
            return;
        }
        await SendCopiesAsync(handled.OrderBy(_ => rng.Next()).Take(count).ToList(), "already handled", ct);
    }

    private async Task<List<StoredEnvelopes.Row>> PendingOutboxEnvelopesAsync(int count, CancellationToken ct)
    {
        try
        {
            await using var conn = await cluster.OpenOwnerConnectionAsync(ct);
            return await StoredEnvelopes.ReadAsync(conn, StoredEnvelopes.Outgoing, StoredEnvelopes.PipelineMessages, tenantIds, ct,
                orderBy: $"id limit {count}");
        }
        catch (NpgsqlException e)
        {
            Note($"could not read the outbox for duplicates: {e.Message}");
            return [];
        }
    }

    /// <summary>Sends each stored envelope again as the transport writes it: its serialized body in base64, its id as an attribute.</summary>
    private async Task SendCopiesAsync(IReadOnlyList<StoredEnvelopes.Row> copies, string what, CancellationToken ct)
    {
        if (copies.Count == 0) return;
        var url = (await _sqs.GetQueueUrlAsync(FaultCluster.Queue, ct)).QueueUrl;
        foreach (var copy in copies)
        {
            await _sqs.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = url,
                MessageBody = Convert.ToBase64String(copy.Body),
                MessageAttributes = new() { ["wolverine-envelope-id"] = new MessageAttributeValue { DataType = "String", StringValue = copy.Envelope.Id.ToString() } },
            }, ct);
            Counts.DuplicateDeliveries++;
            lock (Counts.DuplicatedEnvelopes) Counts.DuplicatedEnvelopes.Add(copy.Envelope.Id);
        }
        Note($"sent {copies.Count} duplicate deliveries ({what}): {string.Join(", ", copies.Select(c => c.Envelope.MessageType?.Split('.')[^1] + " …" + c.Envelope.Id.ToString()[^8..]))}");
    }
}
