namespace BuildPeer.Bench.Renderers;

/// <summary>
/// Makes benchmark 3's two renditions of one photo in-process: 800 px (fit inside, EXIF orientation applied,
/// never enlarged) from the original, then 200 px from that, JPEG quality 80, metadata stripped.
/// </summary>
public interface IRenderer
{
    string Describe();

    void Render(string file, string directory);
}
