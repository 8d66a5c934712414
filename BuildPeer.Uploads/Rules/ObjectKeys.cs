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

    /// <summary>Reads the ids back from an original's key; false for renditions, quarantine copies and foreign keys.</summary>
    public static bool TryParseOriginal(string key, out Guid tenantId, out Guid projectId, out Guid uploadId)
    {
        tenantId = projectId = uploadId = Guid.Empty;
        var parts = key.Split('/');
        return parts.Length == 5 && parts[2] == "uploads" && parts[4] == "original"
            && parts[0].StartsWith("tenant-", StringComparison.Ordinal) && Guid.TryParseExact(parts[0]["tenant-".Length..], "N", out tenantId)
            && parts[1].StartsWith("project-", StringComparison.Ordinal) && Guid.TryParseExact(parts[1]["project-".Length..], "N", out projectId)
            && Guid.TryParseExact(parts[3], "N", out uploadId);
    }

    public static bool BelongsTo(string key, Guid tenantId, Guid projectId, Guid uploadId) =>
        key.StartsWith(UploadPrefix(tenantId, projectId, uploadId), StringComparison.Ordinal);
}
