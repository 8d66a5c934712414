using BuildPeer.Client.Api;
using BuildPeer.Client.Transfers;
using Spectre.Console;

namespace BuildPeer.Cli.Output;

/// <summary>The table printed at the end of an upload, and the exit code that goes with it.</summary>
public static class UploadSummary
{
    public static void Print(IAnsiConsole console, IReadOnlyList<FileUploadResult> results, IReadOnlyList<string> problems, bool waited)
    {
        if (results.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("Upload summary")
                .AddColumns("File", "Size", "Result", "Sent", "Upload", "Details");
            foreach (var r in results)
            {
                var ok = r.Succeeded(waited);
                table.AddRow(
                    Markup.Escape(r.File.FileName),
                    Sizes.Format(r.File.Size),
                    $"[{(ok ? "green" : "red")}]{Markup.Escape(ResultText(r))}[/]",
                    Sizes.Format(r.BytesSent),
                    r.UploadId?.ToString() ?? "-",
                    Markup.Escape(Details(r, waited)));
            }
            console.Write(table);
        }
        foreach (var problem in problems) console.MarkupLineInterpolated($"[red]✗ {problem}[/]");

        var failed = results.Count(r => !r.Succeeded(waited)) + problems.Count;
        var total = results.Count + problems.Count;
        if (failed == 0)
            console.MarkupLineInterpolated($"[green]All {total} file(s) {(waited ? "processed" : "uploaded")}.[/]{(waited ? "" : " Follow processing with: buildpeer status <project>")}");
        else
            console.MarkupLineInterpolated($"[red]{failed} of {total} file(s) could not be {(waited ? "uploaded and processed" : "uploaded")}.[/] Fix what the details say and run the same command again: finished files and parts are not sent twice.");
    }

    public static int ExitCode(IReadOnlyList<FileUploadResult> results, IReadOnlyList<string> problems, bool waited) =>
        problems.Count == 0 && results.All(r => r.Succeeded(waited)) ? ExitCodes.Success : ExitCodes.FilesFailed;

    private static string ResultText(FileUploadResult r) => r.Outcome switch
    {
        FileOutcome.Duplicate => "Duplicate",
        FileOutcome.Failed => "Not uploaded",
        _ => r.Final?.Status ?? (r.Outcome == FileOutcome.AlreadyUploaded ? "Already uploaded" : "Uploaded"),
    };

    private static string Details(FileUploadResult r, bool waited) => r switch
    {
        { Outcome: FileOutcome.Failed } => r.Error ?? "",
        { Final: { Status: UploadStatuses.Failed } f } => $"{f.FailedStage}: {f.FailureReason}",
        { Final: { Status: UploadStatuses.Quarantined } f } => $"virus scan: {f.ScanSignature}",
        { Final: { IsFinal: false } f } when waited => $"still {f.Status} when the wait ended",
        _ => r.Sha256 is { } sha ? "sha256 " + sha[..12] + "…" : "",
    };
}
