using System.Globalization;
using BuildPeer.Bench.Measure;
using BuildPeer.Processing.Tools;

namespace BuildPeer.Bench.Benchmarks;

/// <summary>
/// The limit and the peers of the pipeline benchmark, run by the harness on the same files and cores:
/// the tools alone, through the very wrappers Processing uses (BuildPeer.Processing.Tools), with no S3, SQS,
/// PostgreSQL or .NET service around them; and ImageMagick (Ghostscript for PDFs) making the same renditions.
/// </summary>
public sealed class RawTools(string clamdHost, int clamdPort, string workDirectory, IReadOnlyCollection<int> servicePids, ImageRenditions images)
{
    private readonly ClamdClient _clamd = new(clamdHost, clamdPort);
    private readonly ImageRenditions _images = images;
    private readonly PdfTools _pdf = new();
    public const string ImageMagick = "/usr/bin/convert";
    public const string Ghostscript = "/usr/bin/gs";

    public sealed record Run(int Files, double WallSeconds, CpuReading Cpu)
    {
        public double FilesPerSecond => Files / WallSeconds;

        public static Run Empty { get; } = new(0, 0, CpuReading.Empty);

        public static Run operator +(Run a, Run b) => new(a.Files + b.Files, a.WallSeconds + b.WallSeconds, a.Cpu + b.Cpu);
    }

    /// <summary>
    /// The external tools Processing runs for a JPEG: clamd INSTREAM, `vips thumbnail` to 800 px from the original, then
    /// to 200 px from that rendition (the size comes from the header, read in-process).
    /// </summary>
    public Task<Run> PhotosAsync(IReadOnlyList<string> files, int parallelism, Watched clamd, CancellationToken ct) =>
        TimeAsync(files, parallelism, clamd, async (file, dir) =>
        {
            await ScanAsync(file, ct);
            await VipsRenditionsAsync(file, dir, ct);
        }, ct);

    /// <summary>The renditions alone with libvips, to set beside ImageMagick's.</summary>
    public Task<Run> VipsRenditionsAsync(IReadOnlyList<string> files, int parallelism, CancellationToken ct) =>
        TimeAsync(files, parallelism, null, (file, dir) => VipsRenditionsAsync(file, dir, ct), ct);

    private async Task VipsRenditionsAsync(string file, string dir, CancellationToken ct)
    {
        var large = Path.Combine(dir, "thumb-800.jpg");
        await _images.CreateJpegThumbnailAsync(file, large, 800, ct);
        await _images.CreateJpegThumbnailAsync(large, Path.Combine(dir, "thumb-200.jpg"), 200, ct);
    }

    /// <summary>
    /// The same two renditions with ImageMagick 6's `convert` (fit in the box, EXIF orientation applied,
    /// quality 80, metadata stripped), made the same way: one decode of the original, 800 px written, then 200 px
    /// from it, in one process. The classic thumbnail options, with no shrink-on-load hint.
    /// </summary>
    public Task<Run> ImageMagickAsync(IReadOnlyList<string> files, int parallelism, CancellationToken ct) =>
        TimeAsync(files, parallelism, null, (file, dir) => ImageMagickRenditionsAsync(file, dir, ct), ct);

    private static Task ImageMagickRenditionsAsync(string file, string dir, CancellationToken ct) =>
        // "800x800>": fit inside, never enlarge (vips' --size down).
        ExternalTool.RunAsync(ImageMagick, [file, "-auto-orient", "-strip", "-quality", "80",
            "-thumbnail", "800x800>", "-write", Path.Combine(dir, "im-800.jpg"),
            "-thumbnail", "200x200>", Path.Combine(dir, "im-200.jpg")], TimeSpan.FromMinutes(2), ct);

    /// <summary>The raw tools of an ImageMagick-based pipeline: clamd INSTREAM, then the two renditions with `convert`.</summary>
    public Task<Run> PhotosWithImageMagickAsync(IReadOnlyList<string> files, int parallelism, Watched clamd, CancellationToken ct) =>
        TimeAsync(files, parallelism, clamd, async (file, dir) =>
        {
            await ScanAsync(file, ct);
            await ImageMagickRenditionsAsync(file, dir, ct);
        }, ct);

    /// <summary>What Processing runs for a PDF: clamd INSTREAM, pdfinfo, pdftotext, pdftoppm first-page 800 px preview.</summary>
    public Task<Run> PdfsAsync(IReadOnlyList<string> files, int parallelism, Watched clamd, CancellationToken ct) =>
        TimeAsync(files, parallelism, clamd, async (file, dir) =>
        {
            await ScanAsync(file, ct);
            await _pdf.ReadInfoAsync(file, ct);
            await _pdf.ExtractTextAsync(file, Path.Combine(dir, "text.txt"), ct);
            await _pdf.RenderFirstPageJpegAsync(file, Path.Combine(dir, "preview-800.jpg"), 800, ct);
        }, ct);

    /// <summary>
    /// The PDF peer: Debian's ImageMagick policy refuses PDF, and ImageMagick would hand PDFs to Ghostscript anyway,
    /// so the peer is Ghostscript rendering the first page as an 800 px-high JPEG (letter: 792 pt → 72.7 dpi).
    /// </summary>
    public Task<Run> GhostscriptAsync(IReadOnlyList<string> files, int parallelism, CancellationToken ct) =>
        TimeAsync(files, parallelism, null, async (file, dir) =>
        {
            var dpi = (800 / 11.0).ToString("0.0", CultureInfo.InvariantCulture);
            await ExternalTool.RunAsync(Ghostscript, ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=jpeg", "-dJPEGQ=80",
                "-dFirstPage=1", "-dLastPage=1", "-r" + dpi, "-sOutputFile=" + Path.Combine(dir, "gs-preview.jpg"), file], TimeSpan.FromMinutes(2), ct);
        }, ct);

    private async Task ScanAsync(string file, CancellationToken ct)
    {
        await using var stream = File.OpenRead(file);
        var verdict = await _clamd.ScanAsync(stream, ct);
        if (verdict.Infected) throw new InvalidOperationException($"clamd says {file} is infected: {verdict.Signature}");
    }

    private async Task<Run> TimeAsync(IReadOnlyList<string> files, int parallelism, Watched? clamd, Func<string, string, Task> perFile, CancellationToken ct)
    {
        // The harness's own tool processes only: the services it started (clamd among them) are its children too.
        List<Watched> watched = [new("harness", Environment.ProcessId, Tree: true, Skip: servicePids)];
        if (clamd is not null) watched.Add(clamd);
        var meter = new CpuMeter(watched);
        await Workers.RunAsync(files.Count, parallelism, async i =>
        {
            var dir = Path.Combine(workDirectory, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try { await perFile(files[i], dir); }
            finally { Directory.Delete(dir, recursive: true); }
        }, ct);
        var reading = meter.Stop();
        return new Run(files.Count, reading.WallSeconds, reading);
    }
}
