namespace BuildPeer.Bench.Renderers;

/// <summary>
/// Mean SSIM (Wang et al. 2004) of two same-sized 8-bit RGB images on their luma (BT.601), over 8×8 windows
/// every 4 pixels with the paper's constants: the "equal look" yardstick of the thumbnail-bytes comparison.
/// </summary>
public static class Ssim
{
    private const double C1 = 0.01 * 255 * 0.01 * 255;
    private const double C2 = 0.03 * 255 * 0.03 * 255;
    private const int Window = 8;
    private const int Step = 4;

    public static double Mean(byte[] a, byte[] b, int width, int height, int bands)
    {
        if (a.Length != b.Length || a.Length != width * height * bands) throw new ArgumentException("The images differ in size.");
        var ya = Luma(a, width, height, bands);
        var yb = Luma(b, width, height, bands);
        double sum = 0;
        var windows = 0;
        for (var y = 0; y + Window <= height; y += Step)
        for (var x = 0; x + Window <= width; x += Step)
        {
            double ma = 0, mb = 0;
            for (var j = 0; j < Window; j++)
            for (var i = 0; i < Window; i++)
            {
                ma += ya[(y + j) * width + x + i];
                mb += yb[(y + j) * width + x + i];
            }
            const double n = Window * Window;
            ma /= n;
            mb /= n;
            double va = 0, vb = 0, cov = 0;
            for (var j = 0; j < Window; j++)
            for (var i = 0; i < Window; i++)
            {
                var da = ya[(y + j) * width + x + i] - ma;
                var db = yb[(y + j) * width + x + i] - mb;
                va += da * da;
                vb += db * db;
                cov += da * db;
            }
            va /= n - 1;
            vb /= n - 1;
            cov /= n - 1;
            sum += (2 * ma * mb + C1) * (2 * cov + C2) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
            windows++;
        }
        return windows == 0 ? 1 : sum / windows;
    }

    private static double[] Luma(byte[] pixels, int width, int height, int bands)
    {
        var y = new double[width * height];
        for (var p = 0; p < y.Length; p++)
        {
            var o = p * bands;
            y[p] = bands >= 3 ? 0.299 * pixels[o] + 0.587 * pixels[o + 1] + 0.114 * pixels[o + 2] : pixels[o];
        }
        return y;
    }
}
