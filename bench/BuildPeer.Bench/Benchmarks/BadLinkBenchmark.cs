using System.Diagnostics;
using BuildPeer.Bench.Client;
using BuildPeer.Bench.Inputs;
using BuildPeer.Bench.Link;
using BuildPeer.Bench.Reporting;
using BuildPeer.Client;
using BuildPeer.Client.Files;
using BuildPeer.Client.Transfers;

namespace BuildPeer.Bench.Benchmarks;

/// <summary>
/// 6. The design's field metrics on a construction-site link: the CLI's library (BuildPeer.Client, what the
/// field app and the buildpeer CLI use) and the web page (in headless Chromium) each upload photos one at a time and
/// a plan through their own <see cref="ShapedLink"/>, which carries both their API calls and their storage PUTs. Per photo: time from "upload pressed" to Processed;
/// success = Processed with no person retrying; bytes that went up per byte stored (re-sends).
/// </summary>
public static class BadLinkBenchmark
{
    /// <summary>The issue's site: 1 Mbit/s up, 300 ms, 2 % loss, 20 s drops every 3 minutes.</summary>
    public static readonly LinkProfile Site = new("construction site", 1, 4, TimeSpan.FromMilliseconds(300), 0.02,
        TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(20));

    /// <summary>A fair 4G site, where 30 s for a 5 MB photo is physically possible; the same drops.</summary>
    public static readonly LinkProfile Fair4G = new("fair 4G", 8, 20, TimeSpan.FromMilliseconds(120), 0.005,
        TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(20));

    /// <summary>CI's check that the harness works: a quick link with one short drop.</summary>
    public static readonly LinkProfile Quick = new("quick check", 24, 24, TimeSpan.FromMilliseconds(20), 0.001,
        TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3));

    /// <summary>Photos per link and client in full mode.</summary>
    public const int PhotosPerRun = 6;

    private static readonly TimeSpan FileTimeout = TimeSpan.FromMinutes(25);

    private enum ClientKind { Cli, WebPage }

    public static async Task RunAsync(BenchContext ctx)
    {
        var profiles = ctx.Sizes.Quick ? [Quick] : new[] { Fair4G, Site };
        var photos = ctx.Sizes.Quick ? 2 : PhotosPerRun;
        var planBytes = ctx.Sizes.Quick ? 12_000_000L : 50_000_000L;
        var clients = WebPageClient.Available ? new[] { ClientKind.Cli, ClientKind.WebPage } : [ClientKind.Cli];
        var table = new Table("6. Bad link: photos and a plan from a construction site (the CLI's library and the web page, each through its own shaped link)",
            "link", "client", "photos", "success", "photo P50 press→Processed", "photo P95", "photo transfer floor", "plan press→Processed", "plan floor", "bytes up / bytes stored", "drops");
        var folder = Path.Combine(InputSet.DefaultDirectory, "badlink");
        Directory.CreateDirectory(folder);
        var plan = Path.Combine(folder, $"plan-{planBytes}.pdf");
        if (!File.Exists(plan)) await PaddedPdf.WriteAsync(plan, 4, planBytes);
        var totalPhotos = 0;
        var succeeded = 0;
        var plansTried = 0;
        var plansProcessed = 0;
        var p95s = new List<(LinkProfile Link, ClientKind Client, double P95)>();

        foreach (var link in profiles)
        {
            BenchContext.Log($"6. bad link: {link.Name} ({link.Describe()}): {string.Join(" and ", clients.Select(Describe))} at once, each through its own link: " +
                             $"{photos} photos and a {planBytes / 1e6:0} MB plan");
            // Each client has its own link (its own drops, its own bandwidth): running them side by side halves the hour this takes.
            var runs = await Task.WhenAll(clients.Select((client, i) => RunOneAsync(ctx, link, client,
                UniqueCopies(ctx.Inputs.Photos.Take(photos), folder, $"{i}p"), UniqueCopy(plan, folder, $"{i}plan"))));
            foreach (var (client, run) in clients.Zip(runs))
            {
                totalPhotos += run.Photos.Count;
                succeeded += run.Photos.Count(p => p.Processed);
                plansTried++;
                if (run.PlanProcessed) plansProcessed++;
                var times = run.Photos.Where(p => p.Processed).Select(p => p.Seconds).Order().ToList();
                var p95 = Percentile(times, 0.95);
                p95s.Add((link, client, p95));
                var photoBytes = run.Photos.Average(p => (double)p.Bytes);
                table.Row(link.Describe(), Describe(client), $"{run.Photos.Count} × {photoBytes / 1e6:0.0} MB",
                    $"{run.Photos.Count(p => p.Processed)}/{run.Photos.Count}{(run.PlanProcessed ? "" : ", plan not processed")}",
                    Fmt.Seconds(Percentile(times, 0.5)), Fmt.Seconds(p95), Fmt.Seconds(link.TransferFloorSeconds((long)photoBytes)),
                    run.PlanProcessed ? Fmt.Seconds(run.PlanSeconds) : "failed: " + run.PlanError, Fmt.Seconds(link.TransferFloorSeconds(planBytes)),
                    Fmt.Ratio(run.BytesUp / (double)run.BytesStored), run.Outages.ToString());
                foreach (var failure in run.Photos.Where(p => !p.Processed)) table.Note($"{link.Name}, {Describe(client)}: {failure.Name} ended {failure.Error}");
            }
        }
        table.Note("Loss is applied as its effect on one TCP connection (Mathis bound MSS/RTT × 1.22/√p, e.g. 0.34 Mbit/s at 300 ms and 2 %); " +
                   "a drop resets every open connection and refuses new ones for its length. The floor is the photo's bytes at the link's full rate with nothing lost.");
        table.Note("Both clients ask for 5 MiB parts (S3's smallest), send up to 4 PUTs at once and halve that when a drop cuts them (BuildPeer.Client's SendWindow, " +
                   "the page's link-policy.js), and retry a PUT with no answer every 16 s for 3 minutes. The page is Debian's headless Chromium; its host resolver sends " +
                   "the API's and storage's connections into the link. The page's time starts at the press of Uppy's upload button and ends when the file's card says Processed.");
        if (!WebPageClient.Available) table.Note($"The web page was not measured: {WebPageClient.ChromiumPath} is missing (scripts/install-prerequisites.sh installs it).");
        ctx.Report.Add(table);
        ctx.Report.Target("6. bad link", "upload success ≥ 99 % (design: > 98 %)",
            $"{succeeded}/{totalPhotos} photos and {plansProcessed}/{plansTried} plans reached Processed with no person retrying",
            totalPhotos > 0 ? succeeded + plansProcessed >= 0.99 * (totalPhotos + plansTried) : null);
        foreach (var (link, client, p95) in p95s)
            ctx.Report.Target("6. bad link", $"photo P95 < 30 s ({link.Name}, {Describe(client)})", Fmt.Seconds(p95), ctx.Sizes.Quick ? null : p95 < 30);
    }

    private static string Describe(ClientKind client) => client == ClientKind.Cli ? "CLI's library (BuildPeer.Client)" : "web page (Uppy in Chromium)";

    private sealed record PhotoRun(string Name, bool Processed, double Seconds, long Bytes, string? Error);

    private sealed record LinkRun(List<PhotoRun> Photos, bool PlanProcessed, double PlanSeconds, string? PlanError, long BytesUp, long BytesStored, int Outages);

    private static async Task<LinkRun> RunOneAsync(BenchContext ctx, LinkProfile profile, ClientKind client, List<string> photos, string plan)
    {
        await using var link = new ShapedLink(profile);
        Func<string, Task<(bool Processed, double Seconds, string? Error)>> upload;
        var disposables = new List<IAsyncDisposable>();
        try
        {
            if (client == ClientKind.Cli)
            {
                var cli = await StartCliAsync(ctx, link);
                disposables.Add(cli);
                upload = path => UploadAndWaitAsync(ctx, cli.Client, path);
            }
            else
            {
                var api = new Uri(ctx.Stack.Api.BaseUrl);
                var storage = new Uri(ctx.Stack.Fauxqs.ServiceUrl);
                var page = await WebPageClient.StartAsync(ctx.Stack.Api.BaseUrl, [(api, link.Forward(api.Port)), (storage, link.Forward(storage.Port))],
                    ctx.Tenant.Email, BenchTenant.Password, BenchTenantProjectName);
                disposables.Add(page);
                upload = path => page.UploadAndWaitAsync(path, FileTimeout, ctx.Ct);
            }

            var results = new List<PhotoRun>();
            foreach (var photo in photos)
            {
                var (ok, seconds, error) = await upload(photo);
                results.Add(new PhotoRun(Path.GetFileName(photo), ok, seconds, new FileInfo(photo).Length, error));
            }
            var (planOk, planSeconds, planError) = await upload(plan);
            var stored = photos.Sum(p => new FileInfo(p).Length) + new FileInfo(plan).Length;
            return new LinkRun(results, planOk, planSeconds, planError, link.BytesUp, stored, link.Outages);
        }
        finally
        {
            foreach (var d in disposables) await d.DisposeAsync();
            foreach (var file in photos.Append(plan)) File.Delete(file);
        }
    }

    private const string BenchTenantProjectName = "Obra de referencia";

    private sealed class CliClient(HttpClient http, BuildPeerClient client) : IAsyncDisposable
    {
        public BuildPeerClient Client => client;

        public ValueTask DisposeAsync()
        {
            client.Dispose();
            http.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static async Task<CliClient> StartCliAsync(BenchContext ctx, ShapedLink link)
    {
        var apiHttp = StorageHttp.Create(link.Forward(new Uri(ctx.Stack.Api.BaseUrl).Port), TimeSpan.FromMinutes(2));
        apiHttp.BaseAddress = new Uri(ctx.Stack.Api.BaseUrl);
        var login = await BuildPeerClient.LoginAsync(apiHttp, ctx.Tenant.Email, BenchTenant.Password, ctx.Ct);
        return new CliClient(apiHttp, new BuildPeerClient(apiHttp, login.ToSession(), new BuildPeerClientOptions
        {
            StorageConnectTo = link.Forward(ctx.Stack.Fauxqs.Port),
            PollInterval = TimeSpan.FromSeconds(1),
            WaitTimeout = TimeSpan.FromMinutes(20),
        }));
    }

    private static async Task<(bool Processed, double Seconds, string? Error)> UploadAndWaitAsync(BenchContext ctx, BuildPeerClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await client.UploadFileAsync(ctx.Tenant.ProjectId, UploadFile.From(path), ctx.Ct);
            if (!result.Arrived || result.UploadId is not { } id) return (false, clock.Elapsed.TotalSeconds, result.Error ?? result.Outcome.ToString());
            var final = await client.WaitForFinalAsync(id, ct: ctx.Ct);
            return (final.Status == "Processed", clock.Elapsed.TotalSeconds, final.Status == "Processed" ? null : final.Status);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ctx.Ct.IsCancellationRequested)
        {
            return (false, clock.Elapsed.TotalSeconds, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Copies with a few random bytes after the file's end, so no copy is answered as a duplicate of an earlier upload.</summary>
    private static List<string> UniqueCopies(IEnumerable<string> sources, string folder, string prefix) =>
        sources.Select((s, i) => UniqueCopy(s, folder, $"{prefix}{i}")).ToList();

    /// <remarks>Short names: Uppy's dashboard shortens long ones, and the page is watched by the file's name.</remarks>
    private static string UniqueCopy(string source, string folder, string prefix)
    {
        var target = Path.Combine(folder, $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}{Path.GetExtension(source)}");
        File.Copy(source, target);
        using var file = new FileStream(target, FileMode.Append);
        file.Write(Guid.NewGuid().ToByteArray());
        return target;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
