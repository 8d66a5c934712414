using NetVips;

namespace BuildPeer.Bench.Renderers;

/// <summary>Bytes and SSIM of one rendition written as JPEG q80 and as WebP (q80, and the smallest WebP that looks at least as good).</summary>
public sealed record ThumbnailSizes(int Box, long JpegBytes, double JpegSsim, long WebpQ80Bytes, double WebpQ80Ssim, long WebpMatchedBytes, double WebpMatchedSsim, int WebpMatchedQuality);

/// <summary>
/// JPEG q80 against WebP for the same rendition, both written by libvips from the same pixels (the 800 px and the
/// 200 px images of <see cref="NetVipsRenderer"/>). "Equal look" is judged by SSIM against those uncompressed pixels:
/// the WebP compared is the lowest quality (of 50, 55 … 95) whose SSIM is at least the JPEG's.
/// </summary>
public static class ThumbnailBytes
{
    private static readonly int[] WebpQualities = [50, 55, 60, 65, 70, 75, 80, 85, 90, 95];

    public static IEnumerable<ThumbnailSizes> Measure(string file)
    {
        using var decoded = Image.Thumbnail(file, 800, height: 800, size: Enums.Size.Down, failOn: Enums.FailOn.Truncated);
        using var large = decoded.CopyMemory();
        yield return Compare(large, 800);
        using var small = large.ThumbnailImage(200, height: 200, size: Enums.Size.Down);
        using var smallCopy = small.CopyMemory();
        yield return Compare(smallCopy, 200);
    }

    private static ThumbnailSizes Compare(Image reference, int box)
    {
        var pixels = reference.WriteToMemory<byte>();
        var jpeg = reference.JpegsaveBuffer(q: 80, keep: Enums.ForeignKeep.None);
        var jpegSsim = SsimOf(jpeg);
        var webp80 = reference.WebpsaveBuffer(q: 80, keep: Enums.ForeignKeep.None);
        var webp80Ssim = SsimOf(webp80);
        (byte[] Bytes, double Ssim, int Q) matched = (webp80, webp80Ssim, 80);
        foreach (var q in WebpQualities)
        {
            var webp = q == 80 ? webp80 : reference.WebpsaveBuffer(q: q, keep: Enums.ForeignKeep.None);
            var ssim = q == 80 ? webp80Ssim : SsimOf(webp);
            matched = (webp, ssim, q);
            if (ssim >= jpegSsim) break; // the highest quality is kept when none reaches the JPEG's
        }
        return new ThumbnailSizes(box, jpeg.Length, jpegSsim, webp80.Length, webp80Ssim, matched.Bytes.Length, matched.Ssim, matched.Q);

        double SsimOf(byte[] encoded)
        {
            using var back = Image.NewFromBuffer(encoded);
            return Ssim.Mean(pixels, back.WriteToMemory<byte>(), reference.Width, reference.Height, reference.Bands);
        }
    }
}
