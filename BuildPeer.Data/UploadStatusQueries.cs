using System.Text.Json;
using BuildPeer.Uploads.Projection;
using Dapper;

namespace BuildPeer.Data;

public sealed record UploadPage(IReadOnlyList<UploadStatus> Items, string? NextCursor);

/// <summary>Reads of the UploadStatus projection (tenant-filtered by row-level security).</summary>
public static class UploadStatusQueries
{
    public static Task<UploadStatus?> GetAsync(TenantSession session, Guid uploadId, CancellationToken ct) =>
        session.Documents.LoadAsync<UploadStatus>(uploadId, ct);

    /// <summary>
    /// Which uploads a project's listing and its file count include when no status is asked for: every one that
    /// still has a file, so not Deleted or Expired ones. One definition for both, so the count is what the grid shows.
    /// </summary>
    public const string Listed = "status not in ('Deleted', 'Expired')";

    /// <summary>Newest first, keyset-paginated on (created_at, id): stable under concurrent inserts.</summary>
    public static async Task<UploadPage> ListByProjectAsync(TenantSession session, Guid projectId, int limit, string? cursor, string? status, CancellationToken ct)
    {
        var after = UploadCursor.Decode(cursor);
        var rows = (await session.Connection.QueryAsync<(string Data, DateTime CreatedAt, Guid Id)>(new CommandDefinition($$"""
            select data::text, created_at, id from upload_status
            where project_id = @projectId
              and (case when @status::text is null then {{Listed}} else status = @status end)
              and (@afterCreated::timestamptz is null or (created_at, id) < (@afterCreated, @afterId))
            order by created_at desc, id desc
            limit @take
            """, new { projectId, status, afterCreated = after?.CreatedAt, afterId = after?.Id ?? Guid.Empty, take = limit + 1 },
            cancellationToken: ct))).ToList();
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? UploadCursor.Encode(page[^1].CreatedAt, page[^1].Id) : null;
        return new UploadPage(page.Select(r => JsonSerializer.Deserialize<UploadStatus>(r.Data, Streams.UploadStreamStore.Json)!).ToList(), next);
    }
}

public sealed record UploadCursor(DateTime CreatedAt, Guid Id)
{
    public static string Encode(DateTime createdAt, Guid id) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{createdAt.ToUniversalTime().Ticks}:{id:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Null for no cursor; throws FormatException for a cursor that was not ours.</summary>
    public static UploadCursor? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        var padded = cursor.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':');
        if (parts.Length != 2) throw new FormatException("bad cursor");
        return new UploadCursor(new DateTime(long.Parse(parts[0]), DateTimeKind.Utc), Guid.ParseExact(parts[1], "N"));
    }
}
