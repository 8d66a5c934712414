namespace BuildPeer.Processing.Tools;

public sealed record ImageDimensions(int Width, int Height)
{
    public long Pixels => (long)Width * Height;
}
