using BuildPeer.Bench.Measure;
using BuildPeer.Bench.Reporting;

namespace BuildPeer.Bench.Benchmarks;

/// <summary>
/// 2. "The API never touches bytes": the same photos uploaded (a) presigned, straight to S3 (the API only
/// initiates and completes) and (b) through the bench's proxy endpoint (the old architecture: the API receives
/// the bytes and PutObjects them). CPU seconds of each serving process are read from /proc.
/// </summary>
public static class BytesBenchmark
{
    /// <summary>Work a request leaves behind (outbox relay, status notifications, JIT tier-up, GC) is counted by waiting this long before reading CPU.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(BenchContext ctx)
    {
        var photos = ctx.Inputs.Photos.Take(ctx.Sizes.BytePhotos).ToList();
        var totalBytes = photos.Sum(p => new FileInfo(p).Length);
        var concurrency = ctx.Sizes.ByteConcurrency;
        var stack = ctx.Stack;
        Watched[] watched = [stack.Api.Watched, stack.Proxy.Watched, new("fauxqs", stack.Fauxqs.Pid)];

        // Warm both paths with real photos (JIT tiers, connection pools, buffers), then let them settle.
        var warmup = photos.Take(ctx.Sizes.Quick ? 10 : 40).ToList();
        BenchContext.Log($"2. bytes: warm-up ({warmup.Count} photos each way), then {ctx.Sizes.IdleSeconds} s of idle to measure background CPU");
        await PresignedAsync(ctx, warmup, concurrency);
        await ProxiedAsync(ctx, warmup, concurrency);
        // After a burst the .NET runtime recompiles hot methods (tiered JIT) and collects for a while: wait that out.
        var settled = await Quiet.WaitAsync([stack.Api.Watched, stack.Proxy.Watched], ctx.Ct);
        BenchContext.Log($"2. bytes: API and proxy quiet after {settled:0} s");
        var idleMeter = new CpuMeter(watched);
        await Task.Delay(TimeSpan.FromSeconds(ctx.Sizes.IdleSeconds), ctx.Ct);
        var idle = idleMeter.Stop();
        double IdleRate(string name) => idle.Self(name) / idle.WallSeconds;

        BenchContext.Log($"2. bytes: (a) presigned, {photos.Count} photos ({totalBytes / 1e6:0} MB), {concurrency} clients");
        var presignedMeter = new CpuMeter(watched);
        var presignedWall = await PresignedAsync(ctx, photos, concurrency);
        await Task.Delay(Settle, ctx.Ct);
        var presigned = presignedMeter.Stop();

        BenchContext.Log($"2. bytes: (b) proxied through an API endpoint, the same {photos.Count} photos");
        var proxyMeter = new CpuMeter(watched);
        var proxiedWall = await ProxiedAsync(ctx, photos, concurrency);
        await Task.Delay(Settle, ctx.Ct);
        var proxied = proxyMeter.Stop();

        var per100Mb = totalBytes / 1e8;
        var megabytes = totalBytes / 1e6;
        var apiGross = presigned.Self("api");
        var proxyGross = proxied.Self("proxy");
        var apiNet = Math.Max(0, apiGross - IdleRate("api") * presigned.WallSeconds);
        var proxyNet = Math.Max(0, proxyGross - IdleRate("proxy") * proxied.WallSeconds);
        var ratioNet = apiNet / proxyNet;
        var ratioGross = apiGross / proxyGross;
        var met = ratioNet <= 1.0 / 20;

        var table = new Table($"2. The API never touches bytes: {photos.Count} photos ({megabytes:0} MB), presigned vs proxied",
            "path", "serving process CPU", "CPU-s per 100 MB", "… net of idle", "throughput", "fauxqs CPU", "ratio (a)/(b), net (gross)", "target (≤ 1/20)");
        table.Row("(a) presigned: API signs + completes, bytes go to S3", Fmt.Seconds(apiGross) + " (API)", Fmt.N(apiGross / per100Mb, "0.000"),
            Fmt.N(apiNet / per100Mb, "0.000"), Fmt.N(megabytes / presignedWall.TotalSeconds, "0.0") + " MB/s", Fmt.Seconds(presigned.Self("fauxqs")),
            $"{Fmt.Ratio(ratioNet)} ({Fmt.Ratio(ratioGross)})", Fmt.Met(met));
        table.Row("(b) proxied: endpoint receives bytes, PutObject to S3", Fmt.Seconds(proxyGross) + " (proxy)", Fmt.N(proxyGross / per100Mb, "0.000"),
            Fmt.N(proxyNet / per100Mb, "0.000"), Fmt.N(megabytes / proxiedWall.TotalSeconds, "0.0") + " MB/s", Fmt.Seconds(proxied.Self("fauxqs")), "1×", "");
        table.Note($"{concurrency} concurrent clients; each photo is a different 12 MP JPEG of {photos.Min(p => new FileInfo(p).Length) / 1e6:0.0}–{photos.Max(p => new FileInfo(p).Length) / 1e6:0.0} MB " +
                   $"({photos.Count} × {megabytes / photos.Count:0.0} MB on average: the per-upload API cost is spread over that size).");
        table.Note("(a) per photo: POST initiate (API) → PUT to the presigned URL (fauxqs) → POST complete (API: HeadObject, UploadReceived + outbox row). " +
                   "(b) per photo: PUT of the bytes to the bench proxy (same JWT validation, same AWSSDK.S3 client settings), which buffers them and PutObjects them; " +
                   "it writes no events and no outbox rows, so (b) is the cheapest a proxying API could be.");
        table.Note($"CPU is read from /proc/<pid>/stat from the first request until {Settle.TotalSeconds:0} s after the last (so work a request leaves behind, such as the outbox relay, counts). " +
                   $"Net of idle subtracts each process's background CPU measured over {ctx.Sizes.IdleSeconds} quiet seconds just before: " +
                   $"API {Fmt.N(IdleRate("api") * 100, "0.0")} % of a core, proxy {Fmt.N(IdleRate("proxy") * 100, "0.0")} %. The target is judged on the net ratio.");
        var apiPerUpload = apiNet / photos.Count;
        var proxyPerMb = proxyNet / megabytes;
        table.Note($"Per upload the presigned path costs the API {Fmt.N(apiPerUpload * 1000, "0.0")} ms of CPU whatever the size; the proxy costs {Fmt.N(proxyPerMb * 1000, "0.0")} ms per MB. " +
                   $"So the ratio reaches 1/20 for files of about {Fmt.N(apiPerUpload * 20 / proxyPerMb, "0")} MB and up (plans: 5–100 MB), and is {Fmt.Ratio(ratioNet)} for these {megabytes / photos.Count:0.0} MB photos.");
        table.Note($"Wall time: (a) {Fmt.Seconds(presignedWall.TotalSeconds)}, (b) {Fmt.Seconds(proxiedWall.TotalSeconds)}; both paths end in the same emulator, whose own CPU is shown.");
        table.Note("Locally S3 is plain HTTP, so the SDK hashes every payload for SigV4 (in AWS, HTTPS would cost TLS encryption instead).");
        ctx.Report.Add(table);
        ctx.Report.Target("2. API never touches bytes", "presigned API CPU per MB ≤ 1/20 of the proxy's",
            $"{Fmt.N(apiNet / per100Mb, "0.000")} vs {Fmt.N(proxyNet / per100Mb, "0.000")} CPU-s per 100 MB net of idle = {Fmt.Ratio(ratioNet)} (1/{Fmt.N(1 / ratioNet, "0")}); gross {Fmt.Ratio(ratioGross)}",
            met);

        await ctx.Stack.DeleteObjectsAsync($"tenant-{ctx.Tenant.TenantId}/", ctx.Ct);
    }

    private static async Task<TimeSpan> PresignedAsync(BenchContext ctx, List<string> photos, int concurrency)
    {
        var wall = System.Diagnostics.Stopwatch.StartNew();
        await Workers.RunAsync(photos.Count, concurrency, async i =>
        {
            var bytes = await File.ReadAllBytesAsync(photos[i], ctx.Ct);
            var ticket = await ctx.Api.InitiateAsync(ctx.Tenant.ProjectId, Path.GetFileName(photos[i]), "image/jpeg", bytes.Length, ctx.Ct);
            await ctx.Api.PutAsync(ticket, bytes, ctx.Ct);
            await ctx.Api.CompleteAsync(ticket.UploadId, ctx.Ct);
        }, ctx.Ct);
        return wall.Elapsed;
    }

    private static async Task<TimeSpan> ProxiedAsync(BenchContext ctx, List<string> photos, int concurrency)
    {
        var wall = System.Diagnostics.Stopwatch.StartNew();
        await Workers.RunAsync(photos.Count, concurrency, async i =>
        {
            var bytes = await File.ReadAllBytesAsync(photos[i], ctx.Ct);
            await ctx.Api.ProxyPutAsync(ctx.Stack.Proxy.BaseUrl, ctx.Tenant.ProjectId, Path.GetFileName(photos[i]), "image/jpeg", bytes, ctx.Ct);
        }, ctx.Ct);
        return wall.Elapsed;
    }
}
