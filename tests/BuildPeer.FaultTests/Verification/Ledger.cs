using BuildPeer.FaultTests.Clients;
using BuildPeer.FaultTests.Infrastructure;
using BuildPeer.Messaging;
using Npgsql;

namespace BuildPeer.FaultTests.Verification;

/// <summary>One upload as the database has it.</summary>
public sealed record StoredUpload(Guid Id, Guid TenantId, string Status, string? FailedStage, string? FailureReason, long Version);

/// <summary>The end state, read as the owner role (no row-level security) straight from the tables.</summary>
public sealed record LedgerReport
{
    public int Uploads { get; init; }
    public int Processed { get; init; }
    public int Quarantined { get; init; }
    /// <summary>Failed with the deliberate reason only.</summary>
    public int Failed { get; init; }
    /// <summary>Uploads the clients were given an id for that are missing or not in a final status.</summary>
    public int Lost { get; init; }
    /// <summary>Final, but not the outcome the file must have (a photo Failed, an executable Processed, any other failure reason).</summary>
    public int Wrong { get; init; }
    public int DuplicateEvents { get; init; }
    /// <summary>Streams whose versions are not 1..n, or whose mt_streams.version / projection version disagree with the events.</summary>
    public int Gaps { get; init; }
    public int OutboxRows { get; init; }
    /// <summary>Streams in our tenants the clients never heard of (an initiate whose answer was lost; the client initiated again).</summary>
    public int Orphans { get; init; }
    public long DeadLetters { get; init; }
    /// <summary>Rows of Wolverine's dead-letter table for these tenants, by error type and message type ("none" when empty).</summary>
    public string DeadLetterKinds { get; init; } = "";
    /// <summary>
    /// Pipeline messages handlers ran (inbox rows, kept for the run: Messaging__KeepHandledEnvelopesFor) beyond the one
    /// ScanUpload and one ProcessUpload an upload needs.
    /// </summary>
    public long ExtraHandled { get; init; }
    public List<string> Problems { get; init; } = [];

    public bool Settled => Lost == 0 && OutboxRows == 0;
}

public static class Ledger
{
    private static readonly string[] PipelineEvents = ["upload_received", "scanned", "processed", "upload_failed"];
    private static readonly HashSet<string> Final = ["Processed", "Quarantined", "Failed"];

    public static async Task<LedgerReport> ReadAsync(FaultCluster cluster, IReadOnlyList<Guid> tenantIds,
        IReadOnlyDictionary<Guid, PlannedUpload> issued, CancellationToken ct, bool withDeadLetters = false)
    {
        await using var conn = await cluster.OpenOwnerConnectionAsync(ct);
        var tenants = tenantIds.ToArray();
        var problems = new List<string>();

        var stored = new Dictionary<Guid, StoredUpload>();
        await using (var cmd = new NpgsqlCommand("""
            select id, tenant_id, status, data->>'failedStage', data->>'failureReason', version
            from upload_status where tenant_id = any(@t)
            """, conn))
        {
            cmd.Parameters.AddWithValue("t", tenants);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                stored[reader.GetGuid(0)] = new StoredUpload(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5));
        }

        int processed = 0, quarantined = 0, failed = 0, lost = 0, wrong = 0;
        foreach (var (id, plan) in issued)
        {
            if (!stored.TryGetValue(id, out var upload))
            {
                lost++;
                problems.Add($"lost: upload {id} (#{plan.Index} {plan.Kind}) is not in upload_status");
                continue;
            }
            if (!Final.Contains(upload.Status))
            {
                lost++;
                problems.Add($"lost: upload {id} (#{plan.Index} {plan.Kind}{(plan.SkipComplete ? ", client never called complete" : "")}) is still {upload.Status}");
                continue;
            }
            var deliberate = upload.Status == "Failed" && upload.FailureReason?.Contains(SampleSet.DeliberateFailure, StringComparison.Ordinal) == true;
            var expected = plan.Expected switch
            {
                Outcome.Processed => upload.Status == "Processed",
                Outcome.Quarantined => upload.Status == "Quarantined",
                Outcome.Failed => deliberate,
                _ => false,
            };
            if (!expected)
            {
                wrong++;
                problems.Add($"wrong outcome: upload {id} (#{plan.Index} {plan.Kind}) must be {plan.Expected}, is {upload.Status}" +
                             (upload.FailureReason is { } r ? $" ({upload.FailedStage}: {r})" : ""));
                continue;
            }
            switch (upload.Status)
            {
                case "Processed": processed++; break;
                case "Quarantined": quarantined++; break;
                default: failed++; break;
            }
        }
        var orphans = stored.Values.Where(u => !issued.ContainsKey(u.Id)).ToList();
        foreach (var orphan in orphans.Where(o => o.Status != "Requested"))
            problems.Add($"unknown upload {orphan.Id} is {orphan.Status}: no client was given its id, yet it has bytes");

        var duplicates = 0;
        await using (var cmd = new NpgsqlCommand("""
            select stream_id, type, count(*) from uploads.mt_events
            where tenant_id::uuid = any(@t) and type = any(@types)
            group by stream_id, type having count(*) > 1
            """, conn))
        {
            cmd.Parameters.AddWithValue("t", tenants);
            cmd.Parameters.AddWithValue("types", PipelineEvents);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                duplicates++;
                problems.Add($"duplicate events: stream {reader.GetGuid(0)} has {reader.GetInt64(2)} '{reader.GetString(1)}' events");
            }
        }

        var gaps = 0;
        await using (var cmd = new NpgsqlCommand("""
            select s.id, s.version, count(e.seq_id), coalesce(min(e.version), 0), coalesce(max(e.version), 0),
                   (select u.version from upload_status u where u.id = s.id)
            from uploads.mt_streams s left join uploads.mt_events e on e.tenant_id = s.tenant_id and e.stream_id = s.id
            where s.tenant_id::uuid = any(@t)
              -- Marten's tombstone streams fill the sequence numbers of appends that rolled back: bookkeeping, not uploads.
              and not exists (select 1 from uploads.mt_events t where t.stream_id = s.id and t.type = 'tombstone')
            group by s.id, s.version
            """, conn))
        {
            cmd.Parameters.AddWithValue("t", tenants);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var (id, streamVersion, count, min, max) = (reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
                long? projected = reader.IsDBNull(5) ? null : reader.GetInt64(5);
                if (count > 0 && min == 1 && max == count && streamVersion == max && projected == max) continue;
                gaps++;
                problems.Add($"gap: stream {id} has {count} events, versions {min}..{max}, mt_streams.version {streamVersion}, upload_status.version {projected?.ToString() ?? "none"}");
            }
        }

        var handled = (await StoredEnvelopes.ReadAsync(conn, StoredEnvelopes.Incoming, StoredEnvelopes.PipelineMessages, tenants, ct)).Count;
        var needed = 2L * processed + quarantined + 2L * failed;

        var kinds = (await StoredEnvelopes.ReadAsync(conn, StoredEnvelopes.DeadLetters, "true", tenants, ct))
            .GroupBy(r => (Message: r.Envelope.MessageType?.Split('.')[^1] ?? "?", Error: r.ExceptionType?.Split('.')[^1] ?? "?"))
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key.Message} {g.Key.Error}×{g.Count()}")
            .ToList();

        long outbox;
        await using (var cmd = new NpgsqlCommand($"select count(*) from {StoredEnvelopes.Outgoing}", conn))
            outbox = (long)(await cmd.ExecuteScalarAsync(ct))!;
        if (outbox > 0 && withDeadLetters) problems.AddRange(await DescribeOutboxAsync(conn, ct));

        long deadLetters = -1;
        if (withDeadLetters && !cluster.EmulatorPaused)
        {
            try
            {
                var sqs = cluster.CreateSqsClient();
                deadLetters = await sqs.GetApproximateDepthAsync((await sqs.GetQueueUrlAsync(FaultCluster.DeadLetterQueue, ct)).QueueUrl, ct);
            }
            catch (Amazon.Runtime.AmazonServiceException e)
            {
                problems.Add("could not read the dead-letter queue depth: " + e.Message);
            }
        }

        return new LedgerReport
        {
            Uploads = issued.Count,
            Processed = processed,
            Quarantined = quarantined,
            Failed = failed,
            Lost = lost,
            Wrong = wrong,
            DuplicateEvents = duplicates,
            Gaps = gaps,
            OutboxRows = (int)outbox,
            Orphans = orphans.Count,
            DeadLetters = deadLetters,
            ExtraHandled = handled - needed,
            DeadLetterKinds = kinds.Count == 0 ? "none" : string.Join(", ", kinds),
            Problems = problems,
        };
    }

    /// <summary>Envelopes still in an outbox at the end: whose, where to, how often tried (what to look at when one sticks).</summary>
    private static async Task<List<string>> DescribeOutboxAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        const string sql = "select 'wolverine_api' as schema_name, owner_id, destination, message_type, attempts, deliver_by from wolverine_api.wolverine_outgoing_envelopes " +
                           "union all select 'wolverine_processing', owner_id, destination, message_type, attempts, deliver_by from wolverine_processing.wolverine_outgoing_envelopes";
        var rows = new List<string>();
        try
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add($"left in {reader.GetString(0)}'s outbox: {reader.GetValue(3)} to {reader.GetValue(2)}, owner node {reader.GetValue(1)}, " +
                         $"attempts {reader.GetValue(4)}, deliver by {reader.GetValue(5)}");
        }
        catch (NpgsqlException e)
        {
            rows.Add("outbox not empty; could not describe it: " + e.Message);
        }
        return rows;
    }
}
