using BuildPeer.Data;
using BuildPeer.Uploads.Projection;
using Dapper;

namespace BuildPeer.Api.Uploads;

/// <summary>Duplicates before bytes: a file whose SHA-256 is already stored clean in the project is not sent again.</summary>
public static class DuplicateUploads
{
    public static async Task<UploadStatus?> FindAsync(TenantSession session, Guid projectId, string sha256, CancellationToken ct)
    {
        var json = await session.Connection.ExecuteScalarAsync<string?>(new CommandDefinition("""
            select data::text from upload_status
            where project_id = @projectId and sha256 = @sha and status = 'Processed'
            order by created_at limit 1
            """, new { projectId, sha = sha256.ToLowerInvariant() }, null, cancellationToken: ct));
        return json is null ? null : System.Text.Json.JsonSerializer.Deserialize<UploadStatus>(json, BuildPeer.Data.Streams.UploadStreamStore.Json);
    }

    public static void Record(TenantSession session, Guid projectId, Guid existingUploadId, Guid requestedBy, string fileName, string sha256) =>
        session.BeforeCommit((s, ct) => s.Connection.ExecuteAsync(new CommandDefinition("""
            insert into upload_duplicates (id, tenant_id, project_id, existing_upload_id, requested_by, file_name, sha256)
            values (@id, @tenant, @projectId, @existingUploadId, @requestedBy, @fileName, @sha)
            """, new { id = Guid.CreateVersion7(), tenant = s.TenantId, projectId, existingUploadId, requestedBy, fileName, sha = sha256.ToLowerInvariant() },
            null, cancellationToken: ct)));
}
