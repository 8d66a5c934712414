namespace BuildPeer.Processing.Tools;

/// <summary>The file is not an image we can decode (damaged, truncated or another format). Retrying will not help.</summary>
public sealed class ImageUnreadableException(string reason, Exception? inner = null)
    : Exception(reason, inner)
{
    public string Reason { get; } = reason;
}
