namespace BuildPeer.Uploads.Rules;

/// <summary>S3 key naming: every object of an upload lives under its tenant/project/upload prefix.</summary>
public static class ObjectKeys
{
    public static string UploadPrefix(Guid tenantId, Guid projectId, Guid uploadId) =>
        $"tenant-{tenantId:N}/project-{projectId:N}/uploads/{uploadId:N}/";

    public static string Original(Guid tenantId, Guid projectId, Guid uploadId) =>
        UploadPrefix(tenantId, projectId, uploadId) + "original";

    public static string Rendition(Guid tenantId, Guid projectId, Guid uploadId, string renditionName, string extension) =>
        UploadPrefix(tenantId, projectId, uploadId) + $"{renditionName}.{extension}";

    /// <summary>Infected originals move here, outside every tenant prefix that serving code reads from.</summary>
    public static string Quarantine(string originalKey) => "quarantine/" + originalKey;

    public static bool BelongsTo(string key, Guid tenantId, Guid projectId, Guid uploadId) =>
        key.StartsWith(UploadPrefix(tenantId, projectId, uploadId), StringComparison.Ordinal);
}
