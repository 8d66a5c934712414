using System.CommandLine;
using System.Text.Json;
using BuildPeer.Client.Api;
using Spectre.Console;

namespace BuildPeer.Cli.Commands.DeadLetters;

public sealed record ListDeadLettersArguments(string? State, int Limit, bool Json, string? Api);

/// <summary>buildpeer dead-letters list: newest first, with the upload, stage, error and attempts of each.</summary>
public sealed class ListDeadLettersCommand
{
    private readonly Option<string> _state = new("--state")
    {
        DefaultValueFactory = _ => DeadLetterStates.Dead,
        Description = "dead (waiting for an operator), replayed, discarded, or all",
    };
    private readonly Option<int> _limit = new("--limit") { DefaultValueFactory = _ => 100, Description = "How many to show (1-500, newest first)" };
    private readonly Option<bool> _json = new("--json") { Description = "Print the API's JSON instead of a table (for scripts)" };
    private readonly Option<string?> _api = DeadLettersCommand.ApiOption();
    private readonly CliContext _context;

    public ListDeadLettersCommand(CliContext context)
    {
        _context = context;
        _state.AcceptOnlyFromAmong([.. DeadLetterStates.All, "all"]);
        _limit.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 500) r.AddError("--limit must be between 1 and 500."); });
        Command = new Command("list", "List dead letters with their error and attempts.") { _state, _limit, _json, _api };
        Command.SetAction((r, ct) => RunAsync(Bind(r), ct));
    }

    public Command Command { get; }

    public ListDeadLettersArguments Bind(ParseResult r)
    {
        var state = r.GetValue(_state);
        return new(state == "all" ? null : state, r.GetValue(_limit), r.GetValue(_json), r.GetValue(_api));
    }

    public Task<int> RunAsync(ListDeadLettersArguments args, CancellationToken ct) => SignedInApi.CallAsync(_context, args.Api, async client =>
    {
        var letters = await client.Api.ListDeadLettersAsync(args.State, args.Limit, ct);
        if (args.Json)
        {
            // Straight to stdout: a console profile would wrap long lines.
            Console.Out.WriteLine(JsonSerializer.Serialize(letters, BuildPeerApi.Json));
            return ExitCodes.Success;
        }
        _context.Console.Write(Table(letters, args.State));
        _context.Console.WriteLine(letters.Count == 0
            ? args.State switch { null => "No dead letters.", DeadLetterStates.Dead => "No dead letters waiting.", _ => $"No {args.State} dead letters." }
            : $"{letters.Count} dead letter(s). Replay one: buildpeer dead-letters replay <id>; all: buildpeer dead-letters replay-all; " +
              "discard: buildpeer dead-letters discard <id> --reason \"...\"");
        return ExitCodes.Success;
    });

    public static Table Table(IReadOnlyList<DeadLetterView> letters, string? state)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(state is null ? "Dead letters" : $"Dead letters: {state}")
            .AddColumns("Dead-lettered", "Id", "Tenant", "Upload", "Stage", "Attempts", "Error", "State");
        foreach (var id in table.Columns.Skip(1).Take(3)) id.NoWrap(); // ids are copied into replay/discard: never broken over lines
        foreach (var l in letters)
        {
            var resolution = l.State == DeadLetterStates.Dead ? "dead" : $"{l.State} {l.ResolvedAt?.ToLocalTime():yyyy-MM-dd HH:mm}" + (l.Reason is null ? "" : $": {l.Reason}");
            table.AddRow(l.DeadLetteredAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"), l.Id.ToString(), l.TenantId.ToString(),
                l.UploadId?.ToString() ?? "-", l.Stage, l.Attempts.ToString(), Markup.Escape(l.ErrorMessage), Markup.Escape(resolution));
        }
        return table;
    }
}
