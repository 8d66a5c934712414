using BuildPeer.Bench.Measure;
using BuildPeer.Bench.Reporting;
using BuildPeer.Processing.Tools;

namespace BuildPeer.Bench.Benchmarks;

/// <summary>
/// 3. The pipeline: 12 MP JPEGs, then 20-page PDFs, are staged in S3 (initiated and PUT), then completed all at
/// once; files/s from the first UploadReceived to the last Processed, and each file's complete→Processed time,
/// from the event store's timestamps. Beside it, on the same files and cores: the raw tools alone (the limit)
/// and ImageMagick / Ghostscript (the peers).
/// The machine is shared and its load swings over minutes, so the photos run in blocks and each block goes
/// through the pipeline, then the raw tools, then the peers, before the next block (A-B-C, A-B-C...): every
/// figure is summed over the same stretches of time.
/// </summary>
public static class PipelineBenchmark
{
    public const string MemoryKey = "memory";

    private sealed record Batch(BatchFigures Figures, List<UploadOutcome> Outcomes, CpuReading Cpu);

    public static async Task RunAsync(BenchContext ctx)
    {
        var stack = ctx.Stack;
        var sizes = ctx.Sizes;
        var processing = stack.Processing ?? throw new InvalidOperationException("Processing is not running.");
        Watched[] services =
        [
            stack.Api.Watched, processing.Watched with { Tree = true }, new("clamd", stack.Clamd.Pid), new("fauxqs", stack.Fauxqs.Pid),
            new("postgres", stack.Postgres.Pid, Tree: true),
        ];
        var photos = ctx.Inputs.Photos.Take(sizes.PipelinePhotos).ToList();
        var pdfs = ctx.Inputs.Pdfs.Take(sizes.PipelinePdfs).ToList();
        var timeout = TimeSpan.FromMinutes(sizes.Quick ? 3 : 30);
        // vips as Processing runs it by default: with only its HEIF plugin module.
        var processingVips = new ImageRenditions(environment: await VipsModules.PrepareAsync(Path.Combine(stack.Root, "vips-home"), ["heif"], ctx.Ct)
            ?? throw new InvalidOperationException("vips could not be limited to its HEIF module here, as Processing does."));
        await using var limit = await RenditionLimit.StartAsync(Path.Combine(stack.Root, "render-peers"), ctx.Ct);
        var raw = new RawTools("127.0.0.1", stack.Clamd.Port, Path.Combine(stack.Root, "raw-tools"), [.. stack.ServicePids, .. limit.Pids], processingVips);
        var clamd = new Watched("clamd", stack.Clamd.Pid);
        var p = sizes.ToolParallelism;
        var hasImageMagick = File.Exists(RawTools.ImageMagick);

        var sampler = new PeakSampler([stack.Api.Watched, processing.Watched]);

        // One file at a time on an idle pipeline: the latency floor (relay, queue polling, both handlers).
        var idle = new List<double>();
        for (var i = 0; i < sizes.IdleSamples; i++)
        {
            var ids = await PipelineProbe.StageAsync(ctx, [photos[i % photos.Count]], "image/jpeg", 1, "idle-");
            await PipelineProbe.CompleteAllAsync(ctx, ids, 1);
            if (!await PipelineProbe.WaitForFinalAsync(ctx, ids, TimeSpan.FromMinutes(2))) throw new TimeoutException("An idle-pipeline photo was not processed within 2 minutes.");
            idle.AddRange((await PipelineProbe.OutcomesAsync(ctx, ids)).Select(o => o.CompleteToFinalSeconds ?? double.NaN));
        }

        var blocks = photos.Chunk(sizes.PipelineBlock).ToList();
        var peerPerBlock = (int)Math.Ceiling(sizes.PeerSample / (double)blocks.Count);
        var photoBatches = new List<Batch>();
        var samples = new List<string>();
        RawTools.Run rawPhotos = RawTools.Run.Empty, imageMagick = RawTools.Run.Empty, imageMagickRaw = RawTools.Run.Empty, vips = RawTools.Run.Empty;
        foreach (var (block, b) in blocks.Select((block, b) => (block, b + 1)))
        {
            var label = $"photos (block {b}/{blocks.Count})";
            photoBatches.Add(await BatchAsync(ctx, label, block, "image/jpeg", services, timeout));
            await stack.DeleteObjectsAsync($"tenant-{ctx.Tenant.TenantId}/", ctx.Ct);
            BenchContext.Log($"3. pipeline: raw tools on the same {block.Length} photos ({p} at a time)");
            rawPhotos += await raw.PhotosAsync(block, p, clamd, ctx.Ct);
            BenchContext.Log($"3. pipeline: clamd + libvips in-process on the same {block.Length} photos");
            await limit.LimitAsync(block, p, "127.0.0.1", stack.Clamd.Port, clamd, ctx.Ct);
            var sample = block.Take(peerPerBlock).ToList();
            samples.AddRange(sample);
            BenchContext.Log($"3. pipeline: ImageMagick, the vips CLI, NetVips and ImageSharp on {sample.Count} of them");
            if (hasImageMagick)
            {
                imageMagick += await raw.ImageMagickAsync(sample, p, ctx.Ct);
                imageMagickRaw += await raw.PhotosWithImageMagickAsync(sample, p, clamd, ctx.Ct);
            }
            vips += await raw.VipsRenditionsAsync(sample, p, ctx.Ct);
            await limit.PeersAsync(sample, p, ctx.Ct);
        }
        // The sampler reset Processing's high-water mark before the idle photos: this is the photo phase's peak.
        var processingPeakKb = ProcStats.PeakRssKb(processing.Pid);
        // Processing's renderer processes live as long as it does: their high-water marks are this phase's.
        var renderers = ProcStats.Descendants(processing.Pid).Select(ProcStats.PeakRssKb).Where(kb => kb > 0).ToList();

        var pdfBatch = await BatchAsync(ctx, "PDFs", pdfs, "application/pdf", services, timeout);
        BenchContext.Log($"3. pipeline: raw tools and Ghostscript on the {pdfs.Count} PDFs");
        var rawPdfs = await raw.PdfsAsync(pdfs, p, clamd, ctx.Ct);
        var ghostscript = File.Exists(RawTools.Ghostscript) ? await raw.GhostscriptAsync(pdfs, p, ctx.Ct) : null;
        ctx.Shared[MemoryKey + ".pipeline"] = await sampler.StopAsync();
        await stack.DeleteObjectsAsync($"tenant-{ctx.Tenant.TenantId}/", ctx.Ct);

        // Photos: summed over the blocks.
        var photoProcessed = photoBatches.Sum(x => x.Figures.Processed);
        var photoFailed = photoBatches.Sum(x => x.Figures.Failed);
        var photoSpan = photoBatches.Sum(x => x.Figures.SpanSeconds);
        var photoRate = photoProcessed / photoSpan;
        var photoLatencies = photoBatches.SelectMany(x => x.Outcomes).Where(o => o.Status == "Processed")
            .Select(o => o.CompleteToFinalSeconds ?? double.NaN).Where(v => !double.IsNaN(v)).ToList();
        var photoCpu = photoBatches.Select(x => x.Cpu).Aggregate(CpuReading.Empty, (a, c) => a + c);
        var pdfFigures = pdfBatch.Figures;
        ctx.Shared["raw.photos.files-per-second"] = rawPhotos.FilesPerSecond;

        var sampleCount = vips.Files;
        var photoVsRaw = photoRate / rawPhotos.FilesPerSecond;
        var photoVsIm = hasImageMagick ? photoRate / imageMagick.FilesPerSecond : double.NaN;
        var pipelineCpuPerPhoto = AllOurs(photoCpu) / photos.Count;
        var rawCpuPerPhoto = (rawPhotos.Cpu.Total("harness") + rawPhotos.Cpu.Self("clamd")) / rawPhotos.Files;

        var table = new Table($"3. Pipeline: {photos.Count} × 12 MP JPEG and {pdfs.Count} × {sizes.PdfPages}-page PDF, end to end vs the tools alone",
            "what", "files/s", "complete→Processed p50", "p95", "limit or peer", "limit/peer files/s", "ratio", "target");
        table.Row("photos through the pipeline", Fmt.N(photoRate, "0.00"), Fmt.Seconds(Latencies.Percentile(photoLatencies, 50)), Fmt.Seconds(Latencies.Percentile(photoLatencies, 95)),
            "old limit: raw tools, clamd INSTREAM + `vips thumbnail` CLI 800 px + 200 px from it (the in-process limit is in 3b)", Fmt.N(rawPhotos.FilesPerSecond, "0.00"), Fmt.Ratio(photoVsRaw), "≥ 0.8× — " + Fmt.Met(photoVsRaw >= 0.8));
        table.Row("photos through the pipeline", Fmt.N(photoRate, "0.00"), "", "",
            $"peer: ImageMagick `convert -thumbnail` 800 px, then 200 px from it ({sampleCount} photos)", hasImageMagick ? Fmt.N(imageMagick.FilesPerSecond, "0.00") : "not installed",
            Fmt.Ratio(photoVsIm), "≥ 3× — " + Fmt.Met(hasImageMagick ? photoVsIm >= 3 : null));
        if (hasImageMagick)
            table.Row("photos through the pipeline", Fmt.N(photoRate, "0.00"), "", "",
                $"peer: raw tools of an ImageMagick pipeline, clamd + convert ({sampleCount} photos)", Fmt.N(imageMagickRaw.FilesPerSecond, "0.00"),
                Fmt.Ratio(photoRate / imageMagickRaw.FilesPerSecond), "");
        table.Row("(renditions only) libvips: 800 px, then 200 px from it", Fmt.N(vips.FilesPerSecond, "0.00"), "", "", $"peer: ImageMagick renditions, same {sampleCount} photos",
            hasImageMagick ? Fmt.N(imageMagick.FilesPerSecond, "0.00") : "–", hasImageMagick ? Fmt.Ratio(vips.FilesPerSecond / imageMagick.FilesPerSecond) : "–", "");
        table.Row("CPU-seconds per photo, all our processes", Fmt.N(pipelineCpuPerPhoto, "0.000"), "", "", "raw tools + clamd", Fmt.N(rawCpuPerPhoto, "0.000"),
            Fmt.Ratio(rawCpuPerPhoto / pipelineCpuPerPhoto), "");
        table.Row("PDFs through the pipeline", Fmt.N(pdfFigures.FilesPerSecond, "0.00"), Fmt.Seconds(pdfFigures.P50Seconds), Fmt.Seconds(pdfFigures.P95Seconds),
            "limit: raw tools, clamd + pdfinfo + pdftotext + pdftoppm", Fmt.N(rawPdfs.FilesPerSecond, "0.00"), Fmt.Ratio(pdfFigures.FilesPerSecond / rawPdfs.FilesPerSecond), "");
        if (ghostscript is not null)
            table.Row("PDFs through the pipeline", Fmt.N(pdfFigures.FilesPerSecond, "0.00"), "", "", "peer: Ghostscript first-page preview only (ImageMagick's PDF delegate)",
                Fmt.N(ghostscript.FilesPerSecond, "0.00"), Fmt.Ratio(pdfFigures.FilesPerSecond / ghostscript.FilesPerSecond), "");
        table.Row("one photo at a time, idle pipeline", "", Fmt.Seconds(Latencies.Percentile(idle, 50)), "", "", "", "", "");
        table.Note($"Interleaved: {blocks.Count} block(s) of up to {sizes.PipelineBlock} photos; each block goes through the pipeline, then the raw tools, then ImageMagick and libvips " +
                   $"(on {peerPerBlock} of its photos), before the next block. Each figure is the sum of files ÷ the sum of times over all blocks.");
        table.Note("Pipeline: a block's photos are initiated and PUT first, then all completed at once (16 clients); files/s = Processed ÷ (last Processed − first UploadReceived), " +
                   "from the event store's timestamps. complete→Processed is mostly waiting in the queue behind the block's other files.");
        table.Note($"Processed: photos {photoProcessed}/{photos.Count} (failed {photoFailed}), PDFs {pdfFigures.Processed}/{pdfs.Count} (failed {pdfFigures.Failed}); " +
                   $"pipeline time: photos {Fmt.Seconds(photoSpan)}, PDFs {Fmt.Seconds(pdfFigures.SpanSeconds)}; raw tools: photos {Fmt.Seconds(rawPhotos.WallSeconds)}, PDFs {Fmt.Seconds(rawPdfs.WallSeconds)}.");
        table.Note($"Raw tools and peers run {p} files at a time (as many as the pipeline's handlers) on the same {Environment.ProcessorCount} cores, from the harness, " +
                   "through BuildPeer.Processing.Tools' command-line path (Processing's renditions before they moved to its renderer processes; it still serves HEIC), vips with the same single plugin module. The pipeline also downloads each file twice from S3 (scan, then process), " +
                   "hashes it, reads EXIF, uploads the renditions and commits events + outbox rows, with SQS in between.");
        table.Note("ImageMagick: `convert photo.jpg -auto-orient -strip -quality 80 -thumbnail 800x800> -write im-800.jpg -thumbnail 200x200> im-200.jpg` " +
                   "(one process, one decode, like libvips' two calls), without the `-define jpeg:size=` shrink-on-load hint. " +
                   "Processing and the raw-tools limit read the photo's size from its header in-process (MetadataExtractor); vipsheader only for HEIC and TIFF.");
        table.Note($"Idle latency: {sizes.IdleSamples} photo(s) sent one at a time before the batch: {string.Join(", ", idle.Select(v => Fmt.Seconds(v)))}.");
        ctx.Report.Add(table);
        await limit.ReportAsync(ctx, samples, photoRate, pipelineCpuPerPhoto, (processingPeakKb, renderers), rawPhotos, vips, hasImageMagick ? imageMagick : null);

        var cpu = new Table("3. Where the CPU goes (CPU-seconds per file, per process, same run)",
            "run", "Processing (.NET)", "tools run by Processing", "clamd", "fauxqs (S3/SQS)", "PostgreSQL", "API", "harness (.NET)", "tools run by the harness", "all ours", "machine busy");
        cpu.Row(PipelineRow("pipeline, photos", photoCpu, photos.Count));
        cpu.Row(RawRow("raw tools, photos", rawPhotos));
        if (hasImageMagick)
        {
            cpu.Row(RawRow("raw tools with ImageMagick", imageMagickRaw));
            cpu.Row(RawRow("ImageMagick renditions", imageMagick));
        }
        cpu.Row(RawRow("libvips renditions", vips));
        cpu.Row(PeerRow("clamd + NetVips in-process", limit.Limit, "netvips"));
        cpu.Row(PeerRow("NetVips renditions", limit.NetVips, "netvips"));
        cpu.Row(PeerRow("ImageSharp renditions", limit.ImageSharp, "imagesharp"));
        cpu.Row(PipelineRow("pipeline, PDFs", pdfBatch.Cpu, pdfs.Count));
        cpu.Row(RawRow("raw tools, PDFs", rawPdfs));
        cpu.Note("\"Machine busy\" is the share of all cores busy meanwhile, with everything on the box (other people's builds and tests too): the noise the interleaving is meant to share out fairly.");
        cpu.Note("PostgreSQL counts the postmaster and all its backends. The pipeline rows count the services from the first complete to the last Processed, idle moments included.");
        ctx.Report.Add(cpu);

        ctx.Report.Target("3. pipeline vs raw tools", "photos end to end ≥ 0.8 × raw-tools throughput",
            $"{Fmt.N(photoRate, "0.00")} vs {Fmt.N(rawPhotos.FilesPerSecond, "0.00")} files/s = {Fmt.Ratio(photoVsRaw)}", photoVsRaw >= 0.8);
        ctx.Report.Target("3. pipeline vs ImageMagick", "photos end to end ≥ 3 × ImageMagick's renditions throughput",
            hasImageMagick ? $"{Fmt.N(photoRate, "0.00")} vs {Fmt.N(imageMagick.FilesPerSecond, "0.00")} files/s = {Fmt.Ratio(photoVsIm)}" : "ImageMagick is not installed",
            hasImageMagick ? photoVsIm >= 3 : null);
        if (photoFailed > 0 || pdfFigures.Failed > 0 || photoProcessed < photos.Count || pdfFigures.Processed < pdfs.Count)
            ctx.Report.Failures.Add($"pipeline: not every file was Processed (photos {photoProcessed}/{photos.Count}, PDFs {pdfFigures.Processed}/{pdfs.Count}); see the Processing log");
    }

    private static double AllOurs(CpuReading c) =>
        c.Self("api") + c.Total("processing") + c.Self("clamd") + c.Self("fauxqs") + c.Total("postgres");

    private static string PerFile(double seconds, int files) => Fmt.N(seconds / files, "0.000");

    private static string[] PipelineRow(string name, CpuReading c, int files) =>
    [
        name, PerFile(c.Self("processing"), files), PerFile(c.Children("processing"), files), PerFile(c.Self("clamd"), files),
        PerFile(c.Self("fauxqs"), files), PerFile(c.Total("postgres"), files), PerFile(c.Self("api"), files), "", "",
        PerFile(AllOurs(c), files), Fmt.N(c.MachineBusyShare * 100, "0") + " %",
    ];

    private static string[] RawRow(string name, RawTools.Run run) =>
    [
        name, "", "", run.Cpu.Used.ContainsKey("clamd") ? PerFile(run.Cpu.Self("clamd"), run.Files) : "", "", "", "",
        PerFile(run.Cpu.Self("harness"), run.Files), PerFile(run.Cpu.Children("harness"), run.Files),
        PerFile(run.Cpu.Total("harness") + (run.Cpu.Used.ContainsKey("clamd") ? run.Cpu.Self("clamd") : 0), run.Files),
        Fmt.N(run.Cpu.MachineBusyShare * 100, "0") + " %",
    ];

    private static string[] PeerRow(string name, RawTools.Run run, string process) =>
    [
        name, "", "", run.Cpu.Used.ContainsKey("clamd") ? PerFile(run.Cpu.Self("clamd"), run.Files) : "", "", "", "",
        PerFile(run.Cpu.Self(process), run.Files) + " (its renderer process)", "",
        PerFile(run.Cpu.Self(process) + (run.Cpu.Used.ContainsKey("clamd") ? run.Cpu.Self("clamd") : 0), run.Files),
        Fmt.N(run.Cpu.MachineBusyShare * 100, "0") + " %",
    ];

    private static async Task<Batch> BatchAsync(BenchContext ctx, string label, IReadOnlyList<string> files, string contentType, Watched[] services, TimeSpan timeout)
    {
        BenchContext.Log($"3. pipeline: staging {files.Count} {label} in S3 (initiate + PUT)");
        var ids = await PipelineProbe.StageAsync(ctx, files, contentType, 8);
        BenchContext.Log($"3. pipeline: completing {files.Count} {label} and waiting until all are processed");
        var meter = new CpuMeter(services);
        await PipelineProbe.CompleteAllAsync(ctx, ids, 16);
        var done = await PipelineProbe.WaitForFinalAsync(ctx, ids, timeout, final => BenchContext.Log($"   {final}/{ids.Length} {label} final"));
        var cpu = meter.Stop();
        if (!done) BenchContext.Log($"3. pipeline: {label} did not all finish within {timeout.TotalMinutes} min");
        var outcomes = await PipelineProbe.OutcomesAsync(ctx, ids);
        var figures = PipelineProbe.Figures(outcomes);
        BenchContext.Log($"3. pipeline: {label}: {figures.Processed}/{figures.Files} processed, {figures.FilesPerSecond:0.00} files/s");
        return new Batch(figures, outcomes, cpu);
    }
}
