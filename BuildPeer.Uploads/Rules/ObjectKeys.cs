namespace BuildPeer.Uploads.Rules;

/// <summary>
/// S3 key naming. Clients write only under <c>incoming/</c>: presigned URLs stay valid for minutes after an upload is
/// complete, so nothing there is ever served. Processing copies what it is about to scan to the upload's
/// <c>original</c> key, which no client URL can write, and serves only that copy and the renditions beside it.
/// </summary>
public static class ObjectKeys
{
    public const string IncomingRoot = "incoming/";
    public const string QuarantineRoot = "quarantine/";

    public static string TenantPrefix(Guid tenantId) => $"tenant-{tenantId:N}/";

    public static string UploadPrefix(Guid tenantId, Guid projectId, Guid uploadId) =>
        TenantPrefix(tenantId) + $"project-{projectId:N}/uploads/{uploadId:N}/";

    /// <summary>The only key a client URL may write: the bytes land here and are copied before they are scanned.</summary>
    public static string Incoming(Guid tenantId, Guid projectId, Guid uploadId) =>
        IncomingRoot + Original(tenantId, projectId, uploadId);

    public static string Original(Guid tenantId, Guid projectId, Guid uploadId) =>
        UploadPrefix(tenantId, projectId, uploadId) + "original";

    public static string Rendition(Guid tenantId, Guid projectId, Guid uploadId, string renditionName, string extension) =>
        UploadPrefix(tenantId, projectId, uploadId) + $"{renditionName}.{extension}";

    /// <summary>Infected originals move here, outside every tenant prefix that serving code reads from.</summary>
    public static string Quarantine(string originalKey) => QuarantineRoot + originalKey;

    /// <summary>Every prefix a tenant's objects live under (its served files, client writes and quarantined files).</summary>
    public static IReadOnlyList<string> TenantPrefixes(Guid tenantId) =>
        [TenantPrefix(tenantId), IncomingRoot + TenantPrefix(tenantId), QuarantineRoot + TenantPrefix(tenantId)];

    /// <summary>Reads the ids back from a client-written key (<c>incoming/…/original</c>); false for every other key.</summary>
    public static bool TryParseIncoming(string key, out Guid tenantId, out Guid projectId, out Guid uploadId)
    {
        if (key.StartsWith(IncomingRoot, StringComparison.Ordinal)) return TryParseOriginal(key[IncomingRoot.Length..], out tenantId, out projectId, out uploadId);
        tenantId = projectId = uploadId = Guid.Empty;
        return false;
    }

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
