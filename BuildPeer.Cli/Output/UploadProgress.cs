using BuildPeer.Client.Files;
using BuildPeer.Client.Progress;
using BuildPeer.Client.Transfers;
using Spectre.Console;

namespace BuildPeer.Cli.Output;

/// <summary>Shows the upload as it happens: Spectre progress bars (one per file in flight and a total), or plain lines when not on a terminal.</summary>
public static class UploadProgress
{
    public static Task<T> RunAsync<T>(IAnsiConsole console, IReadOnlyList<UploadFile> files, bool plain, Func<Action<UploadEvent>, Task<T>> work)
    {
        var totalBytes = Math.Max(1, files.Sum(f => f.Size));
        var counters = new TransferCounters();
        if (plain)
        {
            return work(e => PlainLine(console, counters, totalBytes, e));
        }
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var total = ctx.AddTask($"[bold]{files.Count} file(s)[/]", maxValue: totalBytes);
                var tasks = new System.Collections.Concurrent.ConcurrentDictionary<string, ProgressTask>();
                var result = await work(e =>
                {
                    switch (e)
                    {
                        case FileStarted s:
                            tasks[s.File.Path] = ctx.AddTask(Markup.Escape(s.File.FileName), maxValue: Math.Max(1, s.File.Size));
                            break;
                        case BytesSent or BytesAlreadyStored:
                            var delta = e is BytesSent b ? b.Delta : ((BytesAlreadyStored)e).Bytes;
                            var done = counters.Add(e.File.Path, delta);
                            if (tasks.TryGetValue(e.File.Path, out var task)) task.Value = done;
                            total.Value = counters.Total;
                            break;
                        case FileFinished f:
                            if (tasks.TryGetValue(f.File.Path, out var finished)) { finished.Value = finished.MaxValue; finished.StopTask(); }
                            console.MarkupLine(FinishedLine(f.Result));
                            break;
                        case RetryScheduled r:
                            console.MarkupLineInterpolated($"[yellow]{r.File.FileName}: {r.Notice.What}: {r.Notice.Failure}; {Describe(r)}[/]");
                            break;
                        case StatusChanged c:
                            console.MarkupLineInterpolated($"[grey]{c.File.FileName}: {c.Status}[/]");
                            break;
                    }
                });
                total.Value = total.MaxValue;
                return result;
            });
    }

    private static void PlainLine(IAnsiConsole console, TransferCounters counters, long totalBytes, UploadEvent e)
    {
        switch (e)
        {
            case FileStarted s:
                console.WriteLine($"{s.File.FileName}: starting ({Sizes.Format(s.File.Size)})");
                break;
            case BytesSent b:
                counters.Add(b.File.Path, b.Delta);
                break;
            case BytesAlreadyStored a:
                counters.Add(a.File.Path, a.Bytes);
                console.WriteLine($"{a.File.FileName}: {Sizes.Format(a.Bytes)} already stored, not sent");
                break;
            case RetryScheduled r:
                console.WriteLine($"{r.File.FileName}: {r.Notice.What}: {r.Notice.Failure}; {Describe(r)}");
                break;
            case StatusChanged c:
                console.WriteLine($"{c.File.FileName}: {c.Status}");
                break;
            case FileFinished f:
                console.MarkupLine(FinishedLine(f.Result));
                console.WriteLine($"total: {Sizes.Format(counters.Total)} of {Sizes.Format(totalBytes)}");
                break;
        }
    }

    private static string Describe(RetryScheduled r) => r.Notice.Decision.Action switch
    {
        Client.Retries.RetryAction.Resign => "signing a fresh URL",
        Client.Retries.RetryAction.Pause => $"pausing {r.Notice.Decision.Delay.TotalSeconds:0.#} s",
        Client.Retries.RetryAction.GiveUp => "giving up",
        _ => $"retry {r.Notice.FailedAttempts} in {r.Notice.Decision.Delay.TotalSeconds:0.#} s",
    };

    private static string FinishedLine(FileUploadResult r) => r.Outcome switch
    {
        FileOutcome.Uploaded => $"[green]✓[/] {Markup.Escape(r.File.FileName)}: uploaded ({Sizes.Format(r.BytesSent)} sent)",
        FileOutcome.Duplicate => $"[green]=[/] {Markup.Escape(r.File.FileName)}: already in the project (duplicate), nothing sent",
        FileOutcome.AlreadyUploaded => $"[green]=[/] {Markup.Escape(r.File.FileName)}: uploaded by an earlier run, nothing sent",
        _ => $"[red]✗ {Markup.Escape(r.File.FileName)}: {Markup.Escape(r.Error ?? "failed")}[/]",
    };
}
