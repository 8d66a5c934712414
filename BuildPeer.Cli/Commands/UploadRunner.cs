using BuildPeer.Cli.Config;
using BuildPeer.Cli.Output;
using BuildPeer.Client;
using BuildPeer.Client.Files;
using BuildPeer.Client.Resume;
using BuildPeer.Client.Transfers;
using Spectre.Console;

namespace BuildPeer.Cli.Commands;

/// <summary>Collects the files, uploads them with progress, optionally waits for processing, prints the summary.</summary>
public sealed class UploadRunner(CliContext context)
{
    /// <summary>State files of uploads untouched this long are dropped: their uploads expired long ago.</summary>
    private static readonly TimeSpan StateKeptFor = TimeSpan.FromDays(30);

    public async Task<int> RunAsync(UploadArguments args, CancellationToken ct)
    {
        var console = context.Console;
        var (credentials, api, exit) = SignedInApi.Resolve(context, args.Api);
        if (credentials is null) return exit;

        var collected = FileCollector.Collect(args.Paths);
        if (collected.SkippedInFolders > 0) console.MarkupLineInterpolated($"[grey]{collected.SkippedInFolders} file(s) in the folders are not an accepted type and were left out.[/]");
        if (collected.Files.Count == 0)
        {
            UploadSummary.Print(console, [], collected.Problems, args.Wait);
            console.MarkupLine("[red]Nothing to upload.[/]");
            return ExitCodes.FilesFailed;
        }

        var stateDirectory = CliPaths.StateDirectory(context);
        new ResumeStateStore(stateDirectory).Prune(StateKeptFor, DateTime.UtcNow);
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        IReadOnlyList<FileUploadResult> results;
        try
        {
            results = await UploadProgress.RunAsync(console, collected.Files, plain: args.NoProgress || !console.Profile.Capabilities.Interactive, async onEvent =>
            {
                using var client = new BuildPeerClient(http, credentials.ToSession(), new BuildPeerClientOptions
                {
                    PartParallelism = args.Parallel,
                    FileParallelism = args.Files,
                    PartSize = args.PartSize ?? BuildPeerClientOptions.DefaultPartSize,
                    StateDirectory = stateDirectory,
                    StorageConnectTo = StorageConnectOverride(),
                    WaitTimeout = args.WaitTimeout,
                    OnEvent = onEvent,
                }.KeepingRefreshedSession(context, credentials));
                return await client.UploadAsync(args.ProjectId, collected.Files, args.Wait, ct);
            });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Interrupted.[/] Parts already sent are kept: run the same command again to continue.");
            return ExitCodes.Interrupted;
        }

        UploadSummary.Print(console, results, collected.Problems, args.Wait);
        if (results.Any(r => r.Error?.Contains("session expired", StringComparison.Ordinal) == true))
        {
            console.MarkupLine("Your session expired: run [bold]buildpeer login[/] again, then the same upload command continues where it stopped.");
            return ExitCodes.NotSignedIn;
        }
        return UploadSummary.ExitCode(results, collected.Problems, args.Wait);
    }

    /// <summary>BUILDPEER_STORAGE_CONNECT=host:port sends storage traffic through that endpoint (a debugging or test proxy).</summary>
    private System.Net.DnsEndPoint? StorageConnectOverride() =>
        context.Environment("BUILDPEER_STORAGE_CONNECT") is { Length: > 0 } value ? StorageHttp.ParseEndPoint(value) : null;
}
