using System.Text.Json;
using BuildPeer.Data;
using BuildPeer.Uploads.Projection;
using Dapper;

namespace BuildPeer.Api.Live;

public sealed record UploadSnapshot(UploadStatus Status, long Sequence);

/// <summary>Reads of upload_status for live streams, always in the subscriber's own tenant session (row-level security applies).</summary>
public static class LiveQueries
{
    public static async Task<UploadSnapshot?> GetAsync(TenantSession session, Guid uploadId, CancellationToken ct)
    {
        var rows = await session.Connection.QueryAsync<(string Data, long Sequence)>(new CommandDefinition(
            "select data::text, last_sequence from upload_status where id = @uploadId",
            new { uploadId }, null, cancellationToken: ct));
        return rows.Select(r => new UploadSnapshot(Deserialize(session, r.Data), r.Sequence)).FirstOrDefault();
    }

    /// <summary>
    /// The upload as it was right after the event with global sequence <paramref name="sequence"/> (Marten's
    /// AggregateStreamAsync at a version): each notification is shown as its own state even when later changes
    /// have already committed, so a subscriber sees every status, in order.
    /// </summary>
    public static async Task<UploadSnapshot?> AsOfAsync(TenantSession session, Guid uploadId, long sequence, CancellationToken ct)
    {
        UploadStatus? state = null;
        long last = 0;
        foreach (var e in (await session.Events.FetchStreamAsync(uploadId, token: ct)).Where(e => e.Sequence <= sequence).OrderBy(e => e.Version))
        {
            state = UploadStatus.Fold(state, e.Data, e.Version);
            last = e.Sequence;
        }
        return state is null ? null : new UploadSnapshot(state, last);
    }

    /// <summary>The latest sequence in the scope now: where a stream without Last-Event-ID starts.</summary>
    public static Task<long> HighWaterMarkAsync(TenantSession session, LiveScope scope, CancellationToken ct) =>
        session.Connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            select coalesce(max(last_sequence), 0) from upload_status
            where (@projectId::uuid is null or project_id = @projectId) and (@uploadId::uuid is null or id = @uploadId)
            """, new { projectId = scope.ProjectId, uploadId = scope.UploadId }, null, cancellationToken: ct));

    /// <summary>
    /// Every upload in the scope whose latest event is after <paramref name="after"/>, oldest first, plus those whose
    /// latest event happened up to <paramref name="overlap"/> before it (a transaction that took its sequence
    /// earlier but committed later). At most <paramref name="limit"/> + 1 rows, so the caller can tell it was cut.
    /// </summary>
    public static async Task<IReadOnlyList<UploadSnapshot>> ChangedSinceAsync(TenantSession session, LiveScope scope, long after,
        TimeSpan overlap, int limit, CancellationToken ct)
    {
        var rows = await session.Connection.QueryAsync<(string Data, long Sequence)>(new CommandDefinition("""
            select u.data::text, u.last_sequence from upload_status u
            where (@projectId::uuid is null or u.project_id = @projectId) and (@uploadId::uuid is null or u.id = @uploadId)
              and (u.last_sequence > @after
                   or u.updated_at >= (select e.timestamp from uploads.mt_events e where e.seq_id = @after) - @overlap)
            order by u.last_sequence
            limit @take
            """, new { projectId = scope.ProjectId, uploadId = scope.UploadId, after, overlap, take = limit + 1 },
            null, cancellationToken: ct));
        return rows.Select(r => new UploadSnapshot(Deserialize(session, r.Data), r.Sequence)).ToList();
    }

    private static UploadStatus Deserialize(TenantSession session, string json) =>
        JsonSerializer.Deserialize<UploadStatus>(json, BuildPeer.Data.Streams.UploadStreamStore.Json)!;
}
