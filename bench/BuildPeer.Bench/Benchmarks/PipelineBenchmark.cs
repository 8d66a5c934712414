using BuildPeer.Bench.Measure;
using BuildPeer.Bench.Reporting;

namespace BuildPeer.Bench.Benchmarks;

/// <summary>
/// 3. The pipeline: a batch of 12 MP JPEGs, then a batch of 20-page PDFs, are staged in S3 (initiated and PUT),
/// then completed all at once; files/s from the first UploadReceived to the last Processed, and each file's
/// complete→Processed time, from the event store's timestamps. Beside it, in the same run and on the same
/// files: the raw tools alone (the limit), ImageMagick / Ghostscript (the peers).
/// </summary>
public static class PipelineBenchmark
{
    public const string MemoryKey = "memory";

    public static async Task RunAsync(BenchContext ctx)
    {
        var stack = ctx.Stack;
        var sizes = ctx.Sizes;
        var processing = stack.Processing ?? throw new InvalidOperationException("Processing is not running.");
        Watched[] services = [stack.Api.Watched, processing.Watched, new("clamd", stack.Clamd.Pid), new("fauxqs", stack.Fauxqs.Pid)];
        var photos = ctx.Inputs.Photos.Take(sizes.PipelinePhotos).ToList();
        var pdfs = ctx.Inputs.Pdfs.Take(sizes.PipelinePdfs).ToList();
        var timeout = TimeSpan.FromMinutes(sizes.Quick ? 3 : 30);

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

        var (photoFigures, photoCpu) = await BatchAsync(ctx, "photos", photos, "image/jpeg", services, timeout);
        var (pdfFigures, pdfCpu) = await BatchAsync(ctx, "PDFs", pdfs, "application/pdf", services, timeout);
        ctx.Shared[MemoryKey + ".pipeline"] = await sampler.StopAsync();
        await stack.DeleteObjectsAsync($"tenant-{ctx.Tenant.TenantId}/", ctx.Ct);

        // The limit and the peers, same files, same cores, nothing else of ours running.
        var work = Path.Combine(stack.Root, "raw-tools");
        var raw = new RawTools("127.0.0.1", stack.Clamd.Port, work);
        var clamd = new Watched("clamd", stack.Clamd.Pid);
        var p = sizes.ToolParallelism;
        BenchContext.Log($"3. pipeline: raw tools on the {photos.Count} photos ({p} at a time)");
        var rawPhotos = await raw.PhotosAsync(photos, p, clamd, ctx.Ct);
        BenchContext.Log($"3. pipeline: raw tools on the {pdfs.Count} PDFs");
        var rawPdfs = await raw.PdfsAsync(pdfs, p, clamd, ctx.Ct);
        var sample = photos.Take(sizes.PeerSample).ToList();
        BenchContext.Log($"3. pipeline: ImageMagick and libvips renditions on {sample.Count} photos");
        var imageMagick = File.Exists(RawTools.ImageMagick) ? await raw.ImageMagickAsync(sample, p, ctx.Ct) : null;
        var imageMagickRaw = File.Exists(RawTools.ImageMagick) ? await raw.PhotosWithImageMagickAsync(sample, p, clamd, ctx.Ct) : null;
        var vips = await raw.VipsRenditionsAsync(sample, p, ctx.Ct);
        var ghostscript = File.Exists(RawTools.Ghostscript) ? await raw.GhostscriptAsync(pdfs, p, ctx.Ct) : null;

        var table = new Table($"3. Pipeline: {photos.Count} × 12 MP JPEG and {pdfs.Count} × {sizes.PdfPages}-page PDF, end to end vs the tools alone",
            "what", "files/s", "complete→Processed p50", "p95", "limit or peer", "limit/peer files/s", "ratio", "target");
        var photoVsRaw = photoFigures.FilesPerSecond / rawPhotos.FilesPerSecond;
        var photoVsIm = imageMagick is null ? double.NaN : photoFigures.FilesPerSecond / imageMagick.FilesPerSecond;
        table.Row("photos through the pipeline", Fmt.N(photoFigures.FilesPerSecond, "0.00"), Fmt.Seconds(photoFigures.P50Seconds), Fmt.Seconds(photoFigures.P95Seconds),
            "raw tools: clamd INSTREAM + vipsheader + 2 × vips thumbnail", Fmt.N(rawPhotos.FilesPerSecond, "0.00"), Fmt.Ratio(photoVsRaw), "≥ 0.8× — " + Fmt.Met(photoVsRaw >= 0.8));
        table.Row("photos through the pipeline", Fmt.N(photoFigures.FilesPerSecond, "0.00"), "", "",
            $"peer: ImageMagick `convert -thumbnail` 200 + 800 px ({sample.Count} photos)", imageMagick is null ? "not installed" : Fmt.N(imageMagick.FilesPerSecond, "0.00"),
            Fmt.Ratio(photoVsIm), "≥ 3× — " + Fmt.Met(imageMagick is null ? null : photoVsIm >= 3));
        if (imageMagickRaw is not null)
            table.Row("photos through the pipeline", Fmt.N(photoFigures.FilesPerSecond, "0.00"), "", "",
                $"peer: raw tools of an ImageMagick pipeline: clamd + 2 × convert ({sample.Count} photos)", Fmt.N(imageMagickRaw.FilesPerSecond, "0.00"),
                Fmt.Ratio(photoFigures.FilesPerSecond / imageMagickRaw.FilesPerSecond), "");
        table.Row("(renditions only) libvips", Fmt.N(vips.FilesPerSecond, "0.00"), "", "", $"peer: ImageMagick, same {sample.Count} photos",
            imageMagick is null ? "–" : Fmt.N(imageMagick.FilesPerSecond, "0.00"), imageMagick is null ? "–" : Fmt.Ratio(vips.FilesPerSecond / imageMagick.FilesPerSecond), "");
        table.Row("PDFs through the pipeline", Fmt.N(pdfFigures.FilesPerSecond, "0.00"), Fmt.Seconds(pdfFigures.P50Seconds), Fmt.Seconds(pdfFigures.P95Seconds),
            "raw tools: clamd + pdfinfo + pdftotext + pdftoppm", Fmt.N(rawPdfs.FilesPerSecond, "0.00"), Fmt.Ratio(pdfFigures.FilesPerSecond / rawPdfs.FilesPerSecond), "");
        if (ghostscript is not null)
            table.Row("PDFs through the pipeline", Fmt.N(pdfFigures.FilesPerSecond, "0.00"), "", "", "peer: Ghostscript first-page preview only (ImageMagick's PDF delegate)",
                Fmt.N(ghostscript.FilesPerSecond, "0.00"), Fmt.Ratio(pdfFigures.FilesPerSecond / ghostscript.FilesPerSecond), "");
        table.Row("one photo at a time, idle pipeline", "", Fmt.Seconds(Latencies.Percentile(idle, 50)), "", "", "", "", "");
        table.Note($"Pipeline batches: every file is initiated and PUT first, then all are completed at once (16 clients); files/s = Processed files ÷ (last Processed − first UploadReceived), " +
                   "from the event store's timestamps. Latency is complete→Processed, so in a batch it is mostly waiting in the queue.");
        table.Note($"Processed: photos {photoFigures.Processed}/{photoFigures.Files} (failed {photoFigures.Failed}), PDFs {pdfFigures.Processed}/{pdfFigures.Files} (failed {pdfFigures.Failed}); " +
                   $"photo batch took {Fmt.Seconds(photoFigures.SpanSeconds)}, PDF batch {Fmt.Seconds(pdfFigures.SpanSeconds)}.");
        table.Note($"Raw tools and peers run {p} files at a time (as many as the pipeline's handlers) on the same {Environment.ProcessorCount} cores, from the harness, through BuildPeer.Processing.Tools (same arguments, same process spawning); " +
                   "the pipeline runs with its configured 4 concurrent handlers per instance and also downloads each file twice from S3, hashes it, reads EXIF, uploads renditions, and commits events + outbox rows.");
        table.Note($"Idle latency: {sizes.IdleSamples} photo(s) sent one at a time before the batch: {string.Join(", ", idle.Select(v => Fmt.Seconds(v)))}.");
        ctx.Report.Add(table);

        var cpu = new Table("3. Where the CPU goes (CPU-seconds per file, measured per process in the same run)",
            "run", "Processing (.NET)", "tools run by Processing", "clamd", "fauxqs (S3/SQS)", "API", "harness (.NET)", "tools run by the harness", "machine busy");
        cpu.Row("pipeline, photos", PerFile(photoCpu.Self("processing"), photos.Count), PerFile(photoCpu.Children("processing"), photos.Count),
            PerFile(photoCpu.Self("clamd"), photos.Count), PerFile(photoCpu.Self("fauxqs"), photos.Count), PerFile(photoCpu.Self("api"), photos.Count), "", "",
            Fmt.N(photoCpu.MachineBusyShare * 100, "0") + " %");
        cpu.Row("raw tools, photos", "", "", PerFile(rawPhotos.Cpu.Self("clamd"), photos.Count), "", "", PerFile(rawPhotos.Cpu.Self("harness"), photos.Count),
            PerFile(rawPhotos.Cpu.Children("harness"), photos.Count), Fmt.N(rawPhotos.Cpu.MachineBusyShare * 100, "0") + " %");
        if (imageMagickRaw is not null)
            cpu.Row("raw tools with ImageMagick", "", "", PerFile(imageMagickRaw.Cpu.Self("clamd"), sample.Count), "", "", PerFile(imageMagickRaw.Cpu.Self("harness"), sample.Count),
                PerFile(imageMagickRaw.Cpu.Children("harness"), sample.Count), Fmt.N(imageMagickRaw.Cpu.MachineBusyShare * 100, "0") + " %");
        if (imageMagick is not null)
            cpu.Row("ImageMagick renditions", "", "", "", "", "", PerFile(imageMagick.Cpu.Self("harness"), sample.Count), PerFile(imageMagick.Cpu.Children("harness"), sample.Count),
                Fmt.N(imageMagick.Cpu.MachineBusyShare * 100, "0") + " %");
        cpu.Row("libvips renditions", "", "", "", "", "", PerFile(vips.Cpu.Self("harness"), sample.Count), PerFile(vips.Cpu.Children("harness"), sample.Count),
            Fmt.N(vips.Cpu.MachineBusyShare * 100, "0") + " %");
        cpu.Row("pipeline, PDFs", PerFile(pdfCpu.Self("processing"), pdfs.Count), PerFile(pdfCpu.Children("processing"), pdfs.Count),
            PerFile(pdfCpu.Self("clamd"), pdfs.Count), PerFile(pdfCpu.Self("fauxqs"), pdfs.Count), PerFile(pdfCpu.Self("api"), pdfs.Count), "", "",
            Fmt.N(pdfCpu.MachineBusyShare * 100, "0") + " %");
        cpu.Row("raw tools, PDFs", "", "", PerFile(rawPdfs.Cpu.Self("clamd"), pdfs.Count), "", "", PerFile(rawPdfs.Cpu.Self("harness"), pdfs.Count),
            PerFile(rawPdfs.Cpu.Children("harness"), pdfs.Count), Fmt.N(rawPdfs.Cpu.MachineBusyShare * 100, "0") + " %");
        cpu.Note("\"Machine busy\" is the share of all cores busy during the run, with everything on the box (other people's builds and tests too): the noise the ratios are meant to cancel.");
        cpu.Note("PostgreSQL's CPU is not shown: its per-connection backends are not children the postmaster has reaped.");
        ctx.Report.Add(cpu);

        ctx.Report.Target("3. pipeline vs raw tools", "photos end to end ≥ 0.8 × raw-tools throughput",
            $"{Fmt.N(photoFigures.FilesPerSecond, "0.00")} vs {Fmt.N(rawPhotos.FilesPerSecond, "0.00")} files/s = {Fmt.Ratio(photoVsRaw)}", photoVsRaw >= 0.8);
        ctx.Report.Target("3. pipeline vs ImageMagick", "photos end to end ≥ 3 × ImageMagick's renditions throughput",
            imageMagick is null ? "ImageMagick is not installed" : $"{Fmt.N(photoFigures.FilesPerSecond, "0.00")} vs {Fmt.N(imageMagick.FilesPerSecond, "0.00")} files/s = {Fmt.Ratio(photoVsIm)}",
            imageMagick is null ? null : photoVsIm >= 3);
        if (photoFigures.Failed > 0 || pdfFigures.Failed > 0 || photoFigures.Processed < photos.Count || pdfFigures.Processed < pdfs.Count)
            ctx.Report.Failures.Add($"pipeline: not every file was Processed (photos {photoFigures.Processed}/{photos.Count}, PDFs {pdfFigures.Processed}/{pdfs.Count}); see the Processing log");
    }

    private static string PerFile(double seconds, int files) => Fmt.N(seconds / files, "0.000");

    private static async Task<(BatchFigures Figures, CpuReading Cpu)> BatchAsync(BenchContext ctx, string label, List<string> files, string contentType,
        Watched[] services, TimeSpan timeout)
    {
        BenchContext.Log($"3. pipeline: staging {files.Count} {label} in S3 (initiate + PUT)");
        var ids = await PipelineProbe.StageAsync(ctx, files, contentType, 8);
        BenchContext.Log($"3. pipeline: completing {files.Count} {label} and waiting until all are processed");
        var meter = new CpuMeter(services);
        await PipelineProbe.CompleteAllAsync(ctx, ids, 16);
        var done = await PipelineProbe.WaitForFinalAsync(ctx, ids, timeout, final => BenchContext.Log($"   {final}/{ids.Length} {label} final"));
        var cpu = meter.Stop();
        if (!done) BenchContext.Log($"3. pipeline: {label} did not all finish within {timeout.TotalMinutes} min");
        var figures = PipelineProbe.Figures(await PipelineProbe.OutcomesAsync(ctx, ids));
        BenchContext.Log($"3. pipeline: {label}: {figures.Processed}/{figures.Files} processed, {figures.FilesPerSecond:0.00} files/s");
        return (figures, cpu);
    }
}
