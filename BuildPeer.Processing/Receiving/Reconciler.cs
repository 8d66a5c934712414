using BuildPeer.Data;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Rules;
using BuildPeer.Uploads.Messages;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.Processing.Receiving;

/// <summary>
/// The safety net behind the outbox and the queue: receives Requested uploads whose object is stored, and
/// re-sends the next message for uploads stuck in Received or Scanned, and rejects writes to incoming keys that came
/// after completion (the S3 event listener's safety net). Safe with several instances: receiving is
/// an expected-version append, and a re-sent message is a no-op for a handler once the upload moved on.
/// </summary>
public sealed class Reconciler(
    NpgsqlDataSource dataSource,
    TenantSessions store,
    UploadReceiver receiver,
    LateWriteGuard lateWrites,
    ObjectStorage storage,
    TimeProvider clock,
    IOptions<ReconcilerOptions> options,
    ILogger<Reconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(options.Value.Interval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Reconciliation pass failed; trying again next interval");
            }
        }
    }

    private const long LockKey = 0x42_50_52_43; // "BPRC"

    /// <summary>One pass; only one instance at a time runs it (the others find the lock taken and skip).</summary>
    public async Task<(int Received, int Resent)> ReconcileAsync(CancellationToken ct)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        await using var lockTransaction = await lockConnection.BeginTransactionAsync(ct);
        await using (var take = new NpgsqlCommand($"select pg_try_advisory_xact_lock({LockKey})", lockConnection, lockTransaction))
        {
            if (await take.ExecuteScalarAsync(ct) is not true) return (0, 0);
        }
        var result = await ReconcileLockedAsync(ct);
        await SweepLateWritesAsync(ct);
        await lockTransaction.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Lists the incoming/ prefix (normally only uploads still in flight are there) and judges every object of an
    /// upload past Requested: a write after completion is rejected, recorded and deleted. Returns how many.
    /// </summary>
    public async Task<int> SweepLateWritesAsync(CancellationToken ct)
    {
        var rejected = 0;
        await foreach (var listed in storage.ListAsync(ObjectKeys.IncomingRoot, ct))
        {
            if (!ObjectKeys.TryParseIncoming(listed.Key, out var tenant, out _, out var upload)) continue;
            if (await lateWrites.CheckAsync(tenant, upload, "reconciler", ct, listed.ETag) is LateWriteVerdict.Reject or LateWriteVerdict.RejectAndFail) rejected++;
        }
        return rejected;
    }

    private async Task<(int Received, int Resent)> ReconcileLockedAsync(CancellationToken ct)
    {
        var o = options.Value;
        var candidates = new List<(Guid Tenant, Guid Upload, string Status)>();
        await using (var cmd = dataSource.CreateCommand("select tenant_id, id, status from reconcile_candidates(@requested, @stuck, @limit)"))
        {
            cmd.Parameters.AddWithValue("requested", o.RequestedAfter);
            cmd.Parameters.AddWithValue("stuck", o.StuckAfter);
            cmd.Parameters.AddWithValue("limit", o.BatchSize);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) candidates.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2)));
        }

        var (received, resent) = (0, 0);
        foreach (var (tenant, upload, status) in candidates)
        {
            if (status == "Requested")
            {
                if (await receiver.TryReceiveAsync(tenant, upload, "reconciler", ct)) received++;
                continue;
            }
            await using var session = await store.OpenAsync(tenant, ct);
            session.Publish(status == "Received" ? new ScanUpload(upload, tenant) : new ProcessUpload(upload, tenant));
            await using (var mark = session.CreateCommand("select reconcile_mark(@id)"))
            {
                mark.Parameters.AddWithValue("id", upload);
                await mark.ExecuteNonQueryAsync(ct);
            }
            await session.SaveChangesAsync(ct);
            resent++;
        }
        if (received + resent > 0) logger.LogWarning("Reconciler received {Received} and re-sent {Resent} stuck uploads", received, resent);
        return (received, resent);
    }
}
