using System.Diagnostics;
using System.Globalization;
using System.Text;
using BuildPeer.TestSupport;

namespace BuildPeer.Bench.Inputs;

/// <summary>
/// The benchmark's input files, generated at run time into bench/.inputs/ (git-ignored) and reused by later
/// runs: 12-megapixel JPEGs of 3–5 MB (a few distinct source images made with libvips, each copy made unique
/// by its own JPEG comment segment), 20-page PDFs (BuildPeer.TestSupport.MinimalPdf), a large PDF padded with
/// an incompressible stream object, and a tiny valid JPEG for the initiation benchmark's objects.
/// </summary>
public sealed class InputSet
{
    public const int PhotoWidth = 4000;
    public const int PhotoHeight = 3000;
    private const string Version = "v1";

    private InputSet(string directory) => Directory = directory;

    public string Directory { get; }
    public List<string> Photos { get; } = [];
    public List<string> Pdfs { get; } = [];
    public string LargePdf { get; private set; } = "";
    public byte[] TinyJpeg { get; private set; } = [];

    public static string DefaultDirectory => Path.Combine(RepositoryPaths.Root, "bench", ".inputs");

    public static async Task<InputSet> PrepareAsync(int photos, int sourceImages, int pdfs, int pdfPages, long largePdfBytes, Action<string> log)
    {
        var set = new InputSet(DefaultDirectory);
        System.IO.Directory.CreateDirectory(set.Directory);
        var started = Stopwatch.StartNew();
        set.TinyJpeg = await TinyJpegAsync(set.Directory);
        await set.PhotosAsync(photos, sourceImages, log);
        set.PdfSet(pdfs, pdfPages);
        set.LargePdf = await LargePdfAsync(set.Directory, largePdfBytes);
        var sizes = set.Photos.Select(p => new FileInfo(p).Length).ToList();
        log($"inputs ready in {started.Elapsed.TotalSeconds:0.0} s under {set.Directory}: {set.Photos.Count} photos " +
            $"({sizes.Min() / 1e6:0.00}–{sizes.Max() / 1e6:0.00} MB, {PhotoWidth}x{PhotoHeight}), {set.Pdfs.Count} PDFs of {pdfPages} pages, " +
            $"large PDF {new FileInfo(set.LargePdf).Length / 1e6:0.0} MB");
        return set;
    }

    private static async Task<byte[]> TinyJpegAsync(string directory)
    {
        var path = Path.Combine(directory, $"tiny-{Version}.jpg");
        if (!File.Exists(path))
        {
            var raw = Path.Combine(directory, "tiny.v");
            await ProcessRunner.RunAsync("vips", ["perlin", raw, "16", "16", "--cell-size", "8", "--uchar"]);
            await ProcessRunner.RunAsync("vips", ["copy", raw, path + "[Q=85]"]);
            File.Delete(raw);
        }
        return await File.ReadAllBytesAsync(path);
    }

    private async Task PhotosAsync(int count, int sourceImages, Action<string> log)
    {
        var dir = Path.Combine(Directory, $"photos-{Version}");
        System.IO.Directory.CreateDirectory(dir);
        var sources = new List<byte[]>();
        for (var s = 0; s < Math.Min(sourceImages, Math.Max(1, count)); s++)
            sources.Add(await File.ReadAllBytesAsync(await SourcePhotoAsync(dir, s, log)));
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(dir, $"photo-{i:D4}.jpg");
            if (!File.Exists(path))
            {
                var bytes = WithComment(sources[i % sources.Count], $"BuildPeer bench photo {i:D4}");
                await File.WriteAllBytesAsync(path + ".tmp", bytes);
                File.Move(path + ".tmp", path, overwrite: true);
            }
            Photos.Add(path);
        }
    }

    /// <summary>
    /// A 4000x3000 JPEG at Q=88 whose detail (Perlin colour fields plus Gaussian grain) makes it 3–5 MB like a
    /// phone photo, with the EXIF a field camera writes (date, GPS, make/model).
    /// </summary>
    private static async Task<string> SourcePhotoAsync(string dir, int index, Action<string> log)
    {
        var path = Path.Combine(dir, $"source-{index:D2}.jpg");
        if (File.Exists(path)) return path;
        var started = Stopwatch.StartNew();
        var tmp = Path.Combine(dir, $"tmp-{index}");
        System.IO.Directory.CreateDirectory(tmp);
        string T(string name) => Path.Combine(tmp, name);
        var cell = (48 + 16 * (index % 5)).ToString(CultureInfo.InvariantCulture);
        var sigma = (5 + index % 6).ToString(CultureInfo.InvariantCulture);
        var w = PhotoWidth.ToString(CultureInfo.InvariantCulture);
        var h = PhotoHeight.ToString(CultureInfo.InvariantCulture);
        await ProcessRunner.RunAsync("vips", ["perlin", T("p.v"), w, h, "--cell-size", cell, "--uchar", "--seed", (index + 1).ToString(CultureInfo.InvariantCulture)]);
        await ProcessRunner.RunAsync("vips", ["falsecolour", T("p.v"), T("f.v")]);
        await ProcessRunner.RunAsync("vips", ["gaussnoise", T("n.v"), w, h, "--sigma", sigma, "--mean", "0"]);
        await ProcessRunner.RunAsync("vips", ["add", T("f.v"), T("n.v"), T("s.v")]);
        await ProcessRunner.RunAsync("vips", ["cast", T("s.v"), T("c.v"), "uchar"]);
        await ProcessRunner.RunAsync("vips", ["copy", T("c.v"), T("out.jpg") + "[Q=88]"]);
        var taken = new DateTime(2026, 3, 2, 7, 30, 0).AddMinutes(37 * index);
        await ProcessRunner.RunAsync("exiftool",
        [
            "-q", "-overwrite_original",
            "-GPSLatitude=" + (12.0464 + index * 0.0001).ToString(CultureInfo.InvariantCulture), "-GPSLatitudeRef=S",
            "-GPSLongitude=" + (77.0428 + index * 0.0001).ToString(CultureInfo.InvariantCulture), "-GPSLongitudeRef=W",
            "-DateTimeOriginal=" + taken.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture), "-OffsetTimeOriginal=-05:00",
            "-Make=BuildPeerCam", "-Model=FieldPro", "-Orientation=1", "-n",
            T("out.jpg"),
        ]);
        File.Move(T("out.jpg"), path);
        System.IO.Directory.Delete(tmp, recursive: true);
        log($"  source photo {index}: {new FileInfo(path).Length / 1e6:0.00} MB in {started.Elapsed.TotalSeconds:0.0} s");
        return path;
    }

    /// <summary>Inserts a COM (comment) segment right after SOI: a different file, the same image.</summary>
    public static byte[] WithComment(byte[] jpeg, string comment)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) throw new ArgumentException("not a JPEG");
        var text = Encoding.ASCII.GetBytes(comment);
        var segmentLength = text.Length + 2;
        var result = new byte[jpeg.Length + 2 + segmentLength];
        result[0] = 0xFF; result[1] = 0xD8; result[2] = 0xFF; result[3] = 0xFE;
        result[4] = (byte)(segmentLength >> 8); result[5] = (byte)segmentLength;
        text.CopyTo(result, 6);
        Array.Copy(jpeg, 2, result, 6 + text.Length, jpeg.Length - 2);
        return result;
    }

    private void PdfSet(int count, int pages)
    {
        var dir = Path.Combine(Directory, $"pdfs-{Version}");
        System.IO.Directory.CreateDirectory(dir);
        var bytes = MinimalPdf.Build(pages);
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(dir, $"plan-{pages}p-{i:D3}.pdf");
            if (!File.Exists(path)) File.WriteAllBytes(path, bytes);
            Pdfs.Add(path);
        }
    }

    private static async Task<string> LargePdfAsync(string directory, long bytes)
    {
        var path = Path.Combine(directory, $"large-{bytes}-{Version}.pdf");
        if (!File.Exists(path))
        {
            await PaddedPdf.WriteAsync(path + ".tmp", pages: 20, totalBytes: bytes);
            File.Move(path + ".tmp", path, overwrite: true);
        }
        return path;
    }
}
