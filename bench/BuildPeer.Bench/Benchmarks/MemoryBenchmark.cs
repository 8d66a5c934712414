using System.Diagnostics;
using BuildPeer.Bench.Measure;
using BuildPeer.Bench.Reporting;

namespace BuildPeer.Bench.Benchmarks;

/// <summary>
/// 5. Peak RSS of the API and Processing: during the pipeline benchmark, during the spike, and while one large
/// PDF (multipart upload) goes through the pipeline alone. VmHWM is reset at the start of each phase
/// (/proc/&lt;pid&gt;/clear_refs), so each peak is that phase's own.
/// </summary>
public static class MemoryBenchmark
{
    public static async Task RunLargePdfAsync(BenchContext ctx)
    {
        var stack = ctx.Stack;
        var processing = stack.Processing ?? throw new InvalidOperationException("Processing is not running.");
        var file = ctx.Inputs.LargePdf;
        var size = new FileInfo(file).Length;
        BenchContext.Log($"5. memory: one {size / 1e6:0} MB PDF through the pipeline");
        var sampler = new PeakSampler([stack.Api.Watched, processing.Watched]);
        var ids = await PipelineProbe.StageAsync(ctx, [file], "application/pdf", 1, "large-");
        var clock = Stopwatch.StartNew();
        await PipelineProbe.CompleteAllAsync(ctx, ids, 1);
        var done = await PipelineProbe.WaitForFinalAsync(ctx, ids, TimeSpan.FromMinutes(10));
        var peaks = await sampler.StopAsync();
        var outcome = (await PipelineProbe.OutcomesAsync(ctx, ids)).Single();
        ctx.Shared[PipelineBenchmark.MemoryKey + ".large-pdf"] = peaks;
        ctx.Shared["large-pdf"] = (size, outcome, clock.Elapsed, done);
        if (outcome.Status != "Processed")
            ctx.Report.Failures.Add($"large PDF: ended {outcome.Status} (expected Processed); see the Processing log");
        await stack.DeleteObjectsAsync($"tenant-{ctx.Tenant.TenantId}/", ctx.Ct);
    }

    public static void Report(BenchContext ctx)
    {
        var table = new Table("5. Memory: peak RSS per process and phase",
            "phase", "API peak RSS", "Processing peak RSS", "Processing + its tool processes (sampled)", "target (Processing ≤ 400 MB)");
        var worst = 0L;
        var phases = new (string Key, string Name)[]
        {
            ("pipeline", $"3. pipeline ({ctx.Sizes.PipelinePhotos} photos + {ctx.Sizes.PipelinePdfs} PDFs)"),
            ("spike", $"4. spike ({ctx.Sizes.SpikeUploads} uploads)"),
            ("large-pdf", $"one {ctx.Sizes.LargePdfBytes / 1e6:0} MB PDF"),
        };
        var anyReset = true;
        foreach (var (key, name) in phases)
        {
            if (!ctx.Shared.TryGetValue(PipelineBenchmark.MemoryKey + "." + key, out var value) || value is not List<MemoryPeak> peaks)
            {
                table.Row(name, "not run", "not run", "not run", "");
                continue;
            }
            var api = peaks.Single(p => p.Name == "api");
            var processing = peaks.Single(p => p.Name == "processing");
            anyReset &= api.HighWaterMarkReset && processing.HighWaterMarkReset;
            worst = Math.Max(worst, processing.PhasePeakKb);
            table.Row(name, Fmt.Mb(api.PhasePeakKb), Fmt.Mb(processing.PhasePeakKb), Fmt.Mb(processing.SampledPeakWithChildrenKb),
                Fmt.Met(processing.PhasePeakKb <= 400 * 1024));
        }
        if (ctx.Shared.TryGetValue("large-pdf", out var large) && large is (long size, UploadOutcome outcome, TimeSpan elapsed, bool done))
            table.Note($"The {size / 1e6:0} MB PDF (multipart, {Math.Ceiling(size / (8.0 * 1024 * 1024)):0} parts of 8 MiB) ended {outcome.Status} " +
                       $"{(done ? $"{Fmt.Seconds(outcome.CompleteToFinalSeconds ?? elapsed.TotalSeconds)} after complete" : "— not within 10 min")}; it is a 20-page PDF padded with an incompressible stream object.");
        table.Note(anyReset
            ? "Peak = VmHWM from /proc/<pid>/status after resetting it at the start of the phase (clear_refs), or the sampled maximum (every 100 ms) if higher; the column with tool processes is sampled every 300 ms."
            : "The kernel refused to reset VmHWM here, so peaks are the 100 ms sampled maxima of VmRSS.");
        table.Note("Processing's tool processes (vips, poppler) are separate processes; their RSS is summed with Processing's in the sampled column, not counted in the target.");
        ctx.Report.Add(table);
        ctx.Report.Target("5. memory", "Processing peak RSS ≤ 400 MB (pipeline, spike, large PDF)", worst > 0 ? Fmt.Mb(worst) : "not measured",
            worst > 0 ? worst <= 400 * 1024 : null);
    }
}
