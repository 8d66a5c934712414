namespace BuildPeer.Processing.Tools;

/// <summary>A rendition written to disk: its pixel size and file size.</summary>
public sealed record RenditionInfo(int Width, int Height, long Bytes);
