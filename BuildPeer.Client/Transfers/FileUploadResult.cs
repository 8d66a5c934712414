using BuildPeer.Client.Api;
using BuildPeer.Client.Files;

namespace BuildPeer.Client.Transfers;

public enum FileOutcome
{
    /// <summary>Bytes sent (or resumed) and complete accepted.</summary>
    Uploaded,
    /// <summary>The server already holds the same bytes clean in this project: nothing sent.</summary>
    Duplicate,
    /// <summary>An earlier run already uploaded this very file: nothing sent.</summary>
    AlreadyUploaded,
    Failed,
}

public sealed record FileUploadResult(UploadFile File, FileOutcome Outcome, Guid? UploadId, string? Sha256, long BytesSent, string? Error = null,
    UploadView? Final = null)
{
    public bool Arrived => Outcome is not FileOutcome.Failed;

    /// <summary>The status the file ended at: the one waited for, else what the upload step knew.</summary>
    public string Status => Final?.Status ?? Outcome switch
    {
        FileOutcome.Failed => "NotUploaded",
        FileOutcome.Duplicate => UploadStatuses.Processed,
        _ => UploadStatuses.Received,
    };

    /// <summary>Success for the summary: processed, or a duplicate of something processed.</summary>
    public bool Succeeded(bool waited) => Outcome == FileOutcome.Duplicate || (waited ? Final?.Status == UploadStatuses.Processed : Arrived);
}
