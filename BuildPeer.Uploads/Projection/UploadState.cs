namespace BuildPeer.Uploads.Projection;

public enum UploadState
{
    Requested,
    Received,
    Scanned,
    Processed,
    Quarantined,
    Failed,
    Expired,
    Deleted,
}

public static class UploadStateRules
{
    /// <summary>States after which no pipeline stage runs again.</summary>
    public static bool IsFinal(this UploadState state) =>
        state is UploadState.Processed or UploadState.Quarantined or UploadState.Failed or UploadState.Expired or UploadState.Deleted;
}
