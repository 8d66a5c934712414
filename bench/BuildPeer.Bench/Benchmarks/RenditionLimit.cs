using BuildPeer.Bench.Measure;
using BuildPeer.Bench.Renderers;
using BuildPeer.Bench.Reporting;

namespace BuildPeer.Bench.Benchmarks;

/// <summary>
/// Benchmark 3's renditions at the true limit: libvips in-process (NetVips, in a long-lived child of the harness),
/// the vips command line as Processing runs it, ImageSharp 2.1 (the design's choice) and ImageMagick, on the same
/// photos in the same run; and thumbnail bytes, JPEG q80 against WebP at equal SSIM.
/// </summary>
public sealed class RenditionLimit : IAsyncDisposable
{
    private readonly RenditionPeerProcess _netVips;
    private readonly RenditionPeerProcess _imageSharp;

    public RawTools.Run Limit { get; private set; } = RawTools.Run.Empty;
    public RawTools.Run NetVips { get; private set; } = RawTools.Run.Empty;
    public RawTools.Run ImageSharp { get; private set; } = RawTools.Run.Empty;

    private RenditionLimit(RenditionPeerProcess netVips, RenditionPeerProcess imageSharp)
    {
        _netVips = netVips;
        _imageSharp = imageSharp;
    }

    public IReadOnlyCollection<int> Pids => [_netVips.Pid, _imageSharp.Pid];

    public static async Task<RenditionLimit> StartAsync(string workDirectory, CancellationToken ct)
    {
        var netVips = await RenditionPeerProcess.StartAsync("netvips", Path.Combine(workDirectory, "netvips"), ct);
        var imageSharp = await RenditionPeerProcess.StartAsync("imagesharp", Path.Combine(workDirectory, "imagesharp"), ct);
        return new RenditionLimit(netVips, imageSharp);
    }

    /// <summary>The in-process limit: what Processing's raw tools do (clamd INSTREAM, then both renditions), with libvips in-process.</summary>
    public async Task LimitAsync(IReadOnlyList<string> photos, int parallelism, string clamdHost, int clamdPort, Watched clamd, CancellationToken ct) =>
        Limit += await _netVips.RenderAsync(photos, parallelism, (clamdHost, clamdPort, clamd), ct);

    public async Task PeersAsync(IReadOnlyList<string> photos, int parallelism, CancellationToken ct)
    {
        NetVips += await _netVips.RenderAsync(photos, parallelism, null, ct);
        ImageSharp += await _imageSharp.RenderAsync(photos, parallelism, null, ct);
    }

    /// <summary>
    /// Adds the renditions table. <paramref name="pipelineRate"/>, <paramref name="pipelineCpu"/> and
    /// <paramref name="memory"/> (Processing's peak RSS, and each of its renderer processes') are the pipeline's own figures for the same photos.
    /// </summary>
    public async Task ReportAsync(BenchContext ctx, IReadOnlyList<string> sample, double pipelineRate, double pipelineCpu, (long ProcessingKb, List<long> RenderersKb) memory,
        RawTools.Run cli, RawTools.Run cliRenditions, RawTools.Run? imageMagick)
    {
        var processingPeakKb = memory.ProcessingKb;
        var renderers = memory.RenderersKb.Count == 0 ? "" : $" + {memory.RenderersKb.Count} renderer process(es), {string.Join(" / ", memory.RenderersKb.Select(Fmt.Mb))}";
        // Read before the bytes comparison, which holds more images per photo than rendering does.
        long netVipsPeak = _netVips.PeakRssKb, imageSharpPeak = _imageSharp.PeakRssKb;
        var t = new Table($"3b. Renditions at the limit: 800 px from the original, 200 px from that, q80, metadata stripped ({sample.Count} photos for the renditions-only rows)",
            "what", "photos/s", "CPU-s per photo", "peak RSS", "pipeline ÷ this (photos/s)", "target");
        var vsLimit = pipelineRate / Limit.FilesPerSecond;
        var vsImageSharp = pipelineRate / ImageSharp.FilesPerSecond;
        t.Row("pipeline, end to end (clamd, S3 twice, hash, EXIF, renditions in Processing's renderer processes, events)", Fmt.N(pipelineRate, "0.00"), Fmt.N(pipelineCpu, "0.000"),
            Fmt.Mb(processingPeakKb) + " Processing" + renderers, "", "Processing ≤ 400 MB — " + Fmt.Met(processingPeakKb <= 400 * 1024));
        t.Row("**limit: clamd + libvips in-process (NetVips)**", Fmt.N(Limit.FilesPerSecond, "0.00"), Fmt.N(PerPhoto(Limit, _netVips.Name, clamd: true), "0.000"),
            Fmt.Mb(netVipsPeak), Fmt.Ratio(vsLimit), "≥ 0.85× — " + Fmt.Met(vsLimit >= 0.85));
        t.Row("old limit: clamd + vips CLI, 2 processes per photo (how Processing made renditions before)", Fmt.N(cli.FilesPerSecond, "0.00"), Fmt.N((cli.Cpu.Total("harness") + cli.Cpu.Self("clamd")) / cli.Files, "0.000"),
            "~40 MB per vips process", Fmt.Ratio(pipelineRate / cli.FilesPerSecond), "");
        t.Row("renditions only: libvips in-process (NetVips)", Fmt.N(NetVips.FilesPerSecond, "0.00"), Fmt.N(PerPhoto(NetVips, _netVips.Name), "0.000"),
            "same process as the limit", Fmt.Ratio(pipelineRate / NetVips.FilesPerSecond), "");
        t.Row("renditions only: vips CLI, 2 processes per photo", Fmt.N(cliRenditions.FilesPerSecond, "0.00"), Fmt.N(cliRenditions.Cpu.Total("harness") / cliRenditions.Files, "0.000"),
            "~40 MB per vips process", Fmt.Ratio(pipelineRate / cliRenditions.FilesPerSecond), "");
        t.Row("renditions only: ImageSharp 2.1.13 (the design's choice)", Fmt.N(ImageSharp.FilesPerSecond, "0.00"), Fmt.N(PerPhoto(ImageSharp, _imageSharp.Name), "0.000"),
            Fmt.Mb(imageSharpPeak), Fmt.Ratio(vsImageSharp), "≥ 3× — " + Fmt.Met(vsImageSharp >= 3));
        if (imageMagick is { Files: > 0 } im)
            t.Row("renditions only: ImageMagick `convert`", Fmt.N(im.FilesPerSecond, "0.00"), Fmt.N(im.Cpu.Total("harness") / im.Files, "0.000"), "",
                Fmt.Ratio(pipelineRate / im.FilesPerSecond), "");
        t.Row("in-process libvips ÷ vips CLI, renditions only", Fmt.Ratio(NetVips.FilesPerSecond / cliRenditions.FilesPerSecond),
            Fmt.Ratio(cliRenditions.Cpu.Total("harness") / cliRenditions.Files / PerPhoto(NetVips, _netVips.Name)) + " less CPU", "", "", "");
        t.Row("in-process libvips ÷ ImageSharp, renditions only", Fmt.Ratio(NetVips.FilesPerSecond / ImageSharp.FilesPerSecond),
            Fmt.Ratio(PerPhoto(ImageSharp, _imageSharp.Name) / PerPhoto(NetVips, _netVips.Name)) + " less CPU", "", "", "");
        t.Note($"In-process renderers: {_netVips.Description} (operation cache off) and {_imageSharp.Description}, each in its own long-lived child of the harness " +
               "(`BuildPeer.Bench.dll render-peer`), started before the first block, fed each block as one request, 4 photos at a time; CPU and VmHWM are that process's own, " +
               "so its peak RSS includes the .NET runtime and the library. The vips CLI is Debian's 8.14 with only its HEIF module, as Processing runs it.");
        t.Note("NetVips: one shrink-on-load decode, the 800 px image copied to memory and written, the 200 px made from that copy. ImageSharp 2.1 has no JPEG " +
               "shrink-on-load: full decode, AutoOrient, Resize (bicubic) to 800 px, write, resize the same image to 200 px, write; EXIF/ICC/IPTC/XMP dropped.");
        t.Note("Interleaved like the rest of benchmark 3: per block, pipeline → raw tools (CLI) → in-process limit → renditions-only rows on the block's sample. " +
               "CPU-s per photo: the renderer's process (+ clamd for the limits); pipeline: all our processes (API, Processing and its tools, clamd, fauxqs, PostgreSQL).");
        ctx.Report.Add(t);
        ctx.Report.Target("3. pipeline vs in-process libvips", "photos end to end ≥ 0.85 × clamd + NetVips in-process",
            $"{Fmt.N(pipelineRate, "0.00")} vs {Fmt.N(Limit.FilesPerSecond, "0.00")} photos/s = {Fmt.Ratio(vsLimit)}", vsLimit >= 0.85);
        ctx.Report.Target("3. pipeline vs ImageSharp", "photos end to end ≥ 3 × ImageSharp 2.1.13's renditions",
            $"{Fmt.N(pipelineRate, "0.00")} vs {Fmt.N(ImageSharp.FilesPerSecond, "0.00")} photos/s = {Fmt.Ratio(vsImageSharp)}", vsImageSharp >= 3);
        ctx.Report.Target("3. Processing memory", "Processing peak RSS ≤ 400 MB during the photo blocks",
            Fmt.Mb(processingPeakKb), processingPeakKb <= 400 * 1024);

        BenchContext.Log($"3. pipeline: thumbnail bytes, JPEG q80 vs WebP, on {sample.Count} photos");
        ReportBytes(ctx, await _netVips.ThumbnailBytesAsync(sample, ctx.Ct), sample.Count);
    }

    private static double PerPhoto(RawTools.Run run, string process, bool clamd = false) =>
        (run.Cpu.Self(process) + (clamd ? run.Cpu.Self("clamd") : 0)) / run.Files;

    private static void ReportBytes(BenchContext ctx, List<ThumbnailSizes> sizes, int photos)
    {
        var t = new Table($"3c. Thumbnail bytes: JPEG q80 vs WebP, libvips 8.18, same pixels ({photos} photos)",
            "rendition", "JPEG q80 bytes (mean)", "SSIM", "WebP q80 bytes", "SSIM", "WebP at ≥ JPEG's SSIM: bytes", "SSIM", "quality (median)", "WebP ÷ JPEG at equal look");
        foreach (var box in sizes.Select(s => s.Box).Distinct().OrderDescending())
        {
            var b = sizes.Where(s => s.Box == box).ToList();
            var matched = b.Sum(s => s.WebpMatchedBytes) / (double)b.Sum(s => s.JpegBytes);
            var qualities = b.Select(s => s.WebpMatchedQuality).Order().ToList();
            t.Row($"{box} px", Fmt.N(b.Average(s => s.JpegBytes), "0"), Fmt.N(b.Average(s => s.JpegSsim), "0.0000"),
                Fmt.N(b.Average(s => s.WebpQ80Bytes), "0"), Fmt.N(b.Average(s => s.WebpQ80Ssim), "0.0000"),
                Fmt.N(b.Average(s => s.WebpMatchedBytes), "0"), Fmt.N(b.Average(s => s.WebpMatchedSsim), "0.0000"),
                qualities[qualities.Count / 2].ToString(), Fmt.Ratio(matched));
            ctx.Shared[$"webp.{box}.ratio"] = matched;
        }
        t.Note("Equal look = SSIM (Wang et al., 8×8 windows on luma) against the uncompressed rendition: for each photo the WebP is the lowest quality of 50, 55 … 95 " +
               "whose SSIM is at least the JPEG q80's (95 when none reaches it). Same quality number is not the same look: WebP q80 scores higher than JPEG q80.");
        t.Note("The inputs are generated (Perlin colour fields with Gaussian grain): grain is what WebP's smoothing is worst at, so real site photos may favour WebP more.");
        ctx.Report.Add(t);
    }

    public async ValueTask DisposeAsync()
    {
        await _netVips.DisposeAsync();
        await _imageSharp.DisposeAsync();
    }
}
