namespace BuildPeer.Processing.Extraction;

/// <summary>
/// ProcessUploadHandler works in a temporary folder it deletes when done; an instance killed mid-file (SIGKILL, OOM,
/// a host crash) leaves its folder behind. At start, folders older than any handler can run are removed. Younger ones
/// may belong to another instance on the same host and are left alone.
/// </summary>
public static class StaleWorkFolders
{
    public const string Prefix = "buildpeer-process-";
    public static readonly TimeSpan OlderThan = TimeSpan.FromHours(1);

    /// <returns>How many folders were removed.</returns>
    public static int Remove(string tempDirectory, DateTime nowUtc)
    {
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(tempDirectory, Prefix + "*"))
        {
            try
            {
                if (nowUtc - Directory.GetLastWriteTimeUtc(folder) < OlderThan) continue;
                Directory.Delete(folder, recursive: true);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // gone already, or not ours
        }
        return removed;
    }
}
