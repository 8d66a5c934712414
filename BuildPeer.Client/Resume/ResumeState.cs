namespace BuildPeer.Client.Resume;

/// <summary>
/// What a run remembers about one file so that the next run continues instead of starting over: the upload,
/// its part size, the per-part SHA-256 of confirmed parts, and the whole-file SHA-256 once a run computed it.
/// </summary>
public sealed record ResumeState
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required string ApiUrl { get; init; }
    public required Guid ProjectId { get; init; }
    public required string Path { get; init; }
    public required long Size { get; init; }
    public required DateTime LastWriteUtc { get; init; }
    public Guid? UploadId { get; init; }
    public long PartSize { get; init; }
    public int PartCount { get; init; }
    public string? Sha256 { get; init; }
    public Dictionary<int, string> ConfirmedParts { get; init; } = [];
    /// <summary>Complete was accepted (or the server answered duplicate): a rerun only reports it.</summary>
    public bool Completed { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether this state was written for the same file, API and project.</summary>
    public bool Matches(string apiUrl, Guid projectId, string path, long size, DateTime lastWriteUtc) =>
        Version == CurrentVersion && ApiUrl == apiUrl && ProjectId == projectId && Path == path && Size == size && LastWriteUtc == lastWriteUtc;
}
