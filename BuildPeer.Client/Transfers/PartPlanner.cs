using BuildPeer.Client.Api;

namespace BuildPeer.Client.Transfers;

public enum PartAction
{
    /// <summary>Not in storage: read, hash and send it.</summary>
    Send,
    /// <summary>In storage but never confirmed (the client died between the PUT and the confirmation): confirm only.</summary>
    ConfirmOnly,
    /// <summary>In storage and confirmed: read it for the whole-file hash, send nothing.</summary>
    Skip,
}

public sealed record PlannedPart(int PartNumber, long Offset, long Length, PartAction Action, string? StoredETag = null, string? RecordedSha256 = null);

/// <summary>Which parts of a multipart upload still need bytes, from the ticket (fresh) or the server's part list (resume).</summary>
public static class PartPlanner
{
    public static IReadOnlyList<PlannedPart> Fresh(long fileSize, MultipartTicket ticket) =>
        Checked(fileSize, ticket.Parts.Select(p => new PlannedPart(p.PartNumber, p.Offset, p.Length, PartAction.Send)).ToList());

    public static IReadOnlyList<PlannedPart> Resume(long fileSize, PartsListing listing) =>
        Checked(fileSize, listing.Parts.Select(p => new PlannedPart(p.PartNumber, p.Offset, p.Length,
            !p.Stored ? PartAction.Send : p.Confirmed ? PartAction.Skip : PartAction.ConfirmOnly, p.ETag, p.Sha256)).ToList());

    /// <summary>The parts must cover the file exactly, in order, or the upload belongs to another file.</summary>
    private static IReadOnlyList<PlannedPart> Checked(long fileSize, List<PlannedPart> parts)
    {
        parts.Sort((a, b) => a.PartNumber.CompareTo(b.PartNumber));
        long expected = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            if (p.PartNumber != i + 1 || p.Offset != expected || p.Length <= 0)
                throw new InvalidOperationException($"The server's part plan does not fit the file (part {p.PartNumber} at {p.Offset}, expected part {i + 1} at {expected}).");
            expected += p.Length;
        }
        if (expected != fileSize)
            throw new InvalidOperationException($"The server's parts add up to {expected} bytes but the file has {fileSize}.");
        return parts;
    }
}
