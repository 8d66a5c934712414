namespace BuildPeer.Uploads.Rules;

public sealed record PartRange(int PartNumber, long Offset, long Length);

/// <summary>How a file of a given size is sent to S3: one presigned PUT, or multipart with fixed-size parts.</summary>
public sealed record UploadPlan(bool Multipart, long PartSize, IReadOnlyList<PartRange> Parts)
{
    public const int MaxParts = 10_000;
    public const long MinPartSize = 5 * UploadLimits.MiB;

    /// <param name="requestedPartSize">A client's smaller parts (validated by UploadRequestRules); a file larger than one of them goes multipart.</param>
    public static UploadPlan For(long size, UploadLimits limits, long? requestedPartSize = null)
    {
        var threshold = requestedPartSize is { } requested ? Math.Min(limits.MultipartThreshold, requested) : limits.MultipartThreshold;
        if (size <= threshold) return new UploadPlan(false, size, [new PartRange(1, 0, size)]);
        var partSize = Math.Max(Math.Max(requestedPartSize ?? limits.PartSize, MinPartSize), (size + MaxParts - 1) / MaxParts);
        var parts = new List<PartRange>();
        for (long offset = 0, n = 1; offset < size; offset += partSize, n++)
            parts.Add(new PartRange((int)n, offset, Math.Min(partSize, size - offset)));
        return new UploadPlan(true, partSize, parts);
    }
}
