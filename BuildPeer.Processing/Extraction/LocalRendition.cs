namespace BuildPeer.Processing.Extraction;

/// <summary>A rendition written to the work folder, waiting to be stored beside the original.</summary>
public sealed record LocalRendition(string Name, string Path, string Extension, string ContentType, int Width, int Height, long Size);

public sealed record Extracted(Uploads.Events.FileMetadata Metadata, IReadOnlyList<LocalRendition> Renditions);

/// <summary>The file is bad in a way retrying will not fix (corrupt, encrypted, too large to decode): the upload fails with this reason.</summary>
public sealed class PermanentProcessingException(Uploads.Rules.FailureReason reason, Exception? inner = null)
    : Exception(reason.Sentence, inner), Infrastructure.IExplainedFailure
{
    public Uploads.Rules.FailureReason Reason { get; } = reason;
}
