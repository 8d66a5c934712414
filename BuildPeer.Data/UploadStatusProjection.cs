using System.Text.Json;
using BuildPeer.EventStore;
using BuildPeer.Uploads.Projection;
using NpgsqlTypes;

namespace BuildPeer.Data;

/// <summary>Keeps upload_status in step with each upload stream, in the appending transaction.</summary>
public sealed class UploadStatusProjection : IInlineProjection
{
    public async Task ApplyAsync(DocumentSession session, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        foreach (var stream in events.GroupBy(e => e.StreamId))
        {
            // A stream that starts here has no row yet: no need to read (and lock) one.
            var state = stream.Any(e => e.Version == 1) ? null : await LoadAsync(session, stream.Key, ct);
            foreach (var e in stream.OrderBy(e => e.Version)) state = UploadStatus.Fold(state, e.Data, e.Version);
            await SaveAsync(session, state!, stream.Max(e => e.Sequence), ct);
        }
    }

    public static async Task<UploadStatus?> LoadAsync(DocumentSession session, Guid uploadId, CancellationToken ct)
    {
        await using var cmd = session.CreateCommand("select data from upload_status where id = @id for update");
        cmd.Parameters.AddWithValue("id", uploadId);
        return await cmd.ExecuteScalarAsync(ct) is string json
            ? JsonSerializer.Deserialize<UploadStatus>(json, session.Options.Json)
            : null;
    }

    private static async Task SaveAsync(DocumentSession session, UploadStatus s, long lastSequence, CancellationToken ct)
    {
        await using var cmd = session.CreateCommand("""
            insert into upload_status (id, tenant_id, project_id, uploader_id, file_name, content_type, size, status, sha256, version, last_sequence, created_at, updated_at, data)
            values (@id, @tenant, @project, @uploader, @name, @type, @size, @status, @sha, @version, @seq, @created, @updated, @data)
            on conflict (id) do update set size = excluded.size, status = excluded.status, sha256 = excluded.sha256,
              version = excluded.version, last_sequence = excluded.last_sequence,
              reconcile_count = 0, reconciled_at = null, updated_at = excluded.updated_at, data = excluded.data
            """);
        cmd.Parameters.AddWithValue("id", s.Id);
        cmd.Parameters.AddWithValue("tenant", s.TenantId);
        cmd.Parameters.AddWithValue("project", s.ProjectId);
        cmd.Parameters.AddWithValue("uploader", s.UploaderId);
        cmd.Parameters.AddWithValue("name", s.FileName);
        cmd.Parameters.AddWithValue("type", s.ContentType);
        cmd.Parameters.AddWithValue("size", s.Size);
        cmd.Parameters.AddWithValue("status", s.Status.ToString());
        cmd.Parameters.AddWithValue("sha", (object?)s.Sha256 ?? DBNull.Value);
        cmd.Parameters.AddWithValue("version", s.Version);
        cmd.Parameters.AddWithValue("seq", lastSequence);
        cmd.Parameters.AddWithValue("created", s.Stages.RequestedAt ?? s.UpdatedAt);
        cmd.Parameters.AddWithValue("updated", s.UpdatedAt);
        cmd.Parameters.AddWithValue("data", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(s, session.Options.Json));
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
