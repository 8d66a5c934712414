namespace BuildPeer.Processing.Tools.Rendering;

/// <summary>
/// One photo for the renderer process: JPEG renditions fitting boxes of <paramref name="Boxes"/> px (largest first,
/// each smaller one made from the one before), written as thumb-{box}.jpg in <paramref name="OutputDirectory"/>.
/// </summary>
public sealed record RenderRequest(string Input, int[] Boxes, string OutputDirectory, long MaxPixels);

/// <summary>The renderer's answer: the renditions, or why the file could not be rendered (a bad file, not a crash).</summary>
public sealed record RenderReply(List<RenderedFile>? Files, string? Unreadable = null);

public sealed record RenderedFile(int Box, string Path, int Width, int Height, long Bytes);
