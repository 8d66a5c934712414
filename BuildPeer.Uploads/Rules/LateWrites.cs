using BuildPeer.Uploads.Projection;

namespace BuildPeer.Uploads.Rules;

public enum LateWriteVerdict
{
    /// <summary>The upload still waits for its bytes: this is the write it expects.</summary>
    NotLate,
    /// <summary>The bytes the upload recorded (a delayed notice of its own write, or a copy left after processing).</summary>
    SameBytes,
    /// <summary>Different bytes after completion: record the rejection; the served copy is untouched.</summary>
    Reject,
    /// <summary>Different bytes before the scan copied the recorded ones: record the rejection and fail the upload.</summary>
    RejectAndFail,
}

/// <summary>What a write to an upload's incoming key means, given where the upload is.</summary>
public static class LateWrites
{
    public static LateWriteVerdict Judge(UploadStatus status, string? storedETag)
    {
        if (status.Status == UploadState.Requested) return LateWriteVerdict.NotLate;
        if (storedETag is not null && status.ETag is not null && SameETag(storedETag, status.ETag)) return LateWriteVerdict.SameBytes;
        return status.Status == UploadState.Received ? LateWriteVerdict.RejectAndFail : LateWriteVerdict.Reject;
    }

    public const string FailureReason =
        "The file was written again in storage after the upload was completed, so it was not scanned. Upload the file again as a new upload.";

    public static bool SameETag(string a, string b) =>
        string.Equals(a.Trim('"'), b.Trim('"'), StringComparison.OrdinalIgnoreCase);
}
