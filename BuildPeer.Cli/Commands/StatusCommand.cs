using System.CommandLine;
using BuildPeer.Cli.Output;
using BuildPeer.Client.Api;
using Spectre.Console;

namespace BuildPeer.Cli.Commands;

public sealed record StatusArguments(Guid ProjectId, int Limit, string? Api);

/// <summary>buildpeer status: the project's uploads, newest first, with where each one stands.</summary>
public sealed class StatusCommand
{
    private readonly Argument<Guid> _project = new("project") { Description = "The project id" };
    private readonly Option<int> _limit = new("--limit") { DefaultValueFactory = _ => 50, Description = "How many uploads to show (newest first)" };
    private readonly Option<string?> _api = new("--api") { Description = "API URL (default: the one you logged in to)" };
    private readonly CliContext _context;

    public StatusCommand(CliContext context)
    {
        _context = context;
        _limit.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--limit must be at least 1."); });
        Command = new Command("status", "List a project's uploads and their status.") { _project, _limit, _api };
        Command.SetAction((r, ct) => RunAsync(Bind(r), ct));
    }

    public Command Command { get; }

    public StatusArguments Bind(ParseResult r) => new(r.GetValue(_project), r.GetValue(_limit), r.GetValue(_api));

    public Task<int> RunAsync(StatusArguments args, CancellationToken ct) => SignedInApi.CallAsync(_context, args.Api, async client =>
    {
        var uploads = new List<UploadView>();
        await foreach (var upload in client.ListProjectUploadsAsync(args.ProjectId, Math.Min(args.Limit, 200), ct))
        {
            uploads.Add(upload);
            if (uploads.Count >= args.Limit) break;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"Uploads of project {args.ProjectId}")
            .AddColumns("Updated", "File", "Size", "Status", "Details", "Upload");
        foreach (var u in uploads)
        {
            table.AddRow(u.UpdatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"), Markup.Escape(u.FileName), Sizes.Format(u.Size),
                $"[{Colour(u.Status)}]{u.Status}[/]", Markup.Escape(Details(u)), u.Id.ToString());
        }
        _context.Console.Write(table);
        _context.Console.WriteLine($"{uploads.Count} upload(s): " + string.Join(", ", uploads.GroupBy(u => u.Status).Select(g => $"{g.Count()} {g.Key}")));
        return ExitCodes.Success;
    });

    private static string Colour(string status) => status switch
    {
        UploadStatuses.Processed => "green",
        UploadStatuses.Failed or UploadStatuses.Quarantined => "red",
        UploadStatuses.Expired or UploadStatuses.Deleted => "grey",
        _ => "yellow",
    };

    private static string Details(UploadView u) => u.Status switch
    {
        UploadStatuses.Failed => $"{u.FailedStage}: {u.FailureReason}",
        UploadStatuses.Quarantined => $"virus scan: {u.ScanSignature}",
        UploadStatuses.Processed => string.Join(" ", u.Renditions.Select(r => r.Name)),
        _ => "",
    };
}
