using System.Globalization;
using BuildPeer.TestSupport;

namespace BuildPeer.TestSupport;

/// <summary>Decodes an image with libvips and reads one pixel, so tests check what a viewer would see.</summary>
public static class ImagePixels
{
    /// <returns>The pixel's band values (R, G, B for a JPEG), rounded.</returns>
    public static async Task<int[]> ReadAsync(string path, int x, int y)
    {
        var output = await ProcessRunner.RunAsync("vips", ["getpoint", path, $"{x}", $"{y}"]);
        return output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => (int)Math.Round(double.Parse(v, CultureInfo.InvariantCulture)))
            .ToArray();
    }

    public static async Task<int[]> ReadAsync(byte[] image, int x, int y)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pixels-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(path, image);
        try { return await ReadAsync(path, x, y); }
        finally { File.Delete(path); }
    }
}
