using System.CommandLine;

namespace BuildPeer.Cli.Commands;

public sealed record UploadArguments(IReadOnlyList<string> Paths, Guid ProjectId, int Parallel, int Files, bool Wait, TimeSpan WaitTimeout,
    string? Api, bool NoProgress, long? PartSize = null);

/// <summary>buildpeer upload: the command's options; <see cref="UploadRunner"/> does the work.</summary>
public sealed class UploadCommand
{
    public const string Help = """
        Upload files or folders (recursively: jpg jpeg png webp heic tif tiff pdf docx xlsx pptx doc xls) to a project.
        Files up to 8 MiB are hashed before asking (duplicates are skipped before any byte); larger ones are hashed part
        by part while they are read once and sent in parallel. An interrupted run continues where it stopped when run
        again. Retries after 1, 2, 4, 8, 16 s (with no connection at all, every 16 s for 3 minutes). Exit code 0 only if every file arrived (--wait: was processed). See README.
        """;

    private readonly Argument<string[]> _paths = new("paths") { Arity = ArgumentArity.OneOrMore, Description = "Files or folders" };
    private readonly Option<Guid> _project = new("--project", "-p") { Required = true, Description = "The project id" };
    private readonly Option<int> _parallel = new("--parallel") { DefaultValueFactory = _ => 4, Description = "Parts of one file sent at once (1-16)" };
    private readonly Option<int> _files = new("--files") { DefaultValueFactory = _ => 2, Description = "Files sent at once (1-8)" };
    private readonly Option<bool> _wait = new("--wait") { Description = "Wait until each file is processed (or fails) and show where it ended" };
    private readonly Option<int> _waitTimeout = new("--wait-timeout") { DefaultValueFactory = _ => 600, Description = "Seconds to wait for processing" };
    private readonly Option<string?> _api = new("--api") { Description = "API URL (default: the one you logged in to)" };
    private readonly Option<int?> _partSize = new("--part-size")
    {
        Description = "Part size in MiB (5-8; default 5, S3's smallest): a connection cut by a drop loses at most one part",
    };
    private readonly Option<bool> _noProgress = new("--no-progress") { Description = "Plain lines instead of progress bars" };

    public UploadCommand(CliContext context)
    {
        _parallel.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 16) r.AddError("--parallel must be between 1 and 16."); });
        _files.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 8) r.AddError("--files must be between 1 and 8."); });
        _partSize.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 5 or > 8) r.AddError("--part-size must be between 5 and 8 (MiB)."); });
        _waitTimeout.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--wait-timeout must be at least 1 second."); });
        Command = new Command("upload", Help) { _paths, _project, _parallel, _files, _wait, _waitTimeout, _api, _noProgress, _partSize };
        Command.SetAction((r, ct) => new UploadRunner(context).RunAsync(Bind(r), ct));
    }

    public Command Command { get; }

    public UploadArguments Bind(ParseResult r) => new(r.GetValue(_paths) ?? [], r.GetValue(_project), r.GetValue(_parallel), r.GetValue(_files),
        r.GetValue(_wait), TimeSpan.FromSeconds(r.GetValue(_waitTimeout)), r.GetValue(_api), r.GetValue(_noProgress),
        r.GetValue(_partSize) * BuildPeer.Client.BuildPeerClientOptions.MiB);
}
