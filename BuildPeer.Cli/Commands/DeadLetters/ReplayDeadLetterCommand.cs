using System.CommandLine;
using Spectre.Console;

namespace BuildPeer.Cli.Commands.DeadLetters;

public sealed record ReplayDeadLetterArguments(Guid Id, string? Api);

/// <summary>buildpeer dead-letters replay ID: the message goes to the pipeline again; an upload that failed at that stage is reopened.</summary>
public sealed class ReplayDeadLetterCommand
{
    private readonly Argument<Guid> _id = new("id") { Description = "The dead letter's id (from dead-letters list)" };
    private readonly Option<string?> _api = DeadLettersCommand.ApiOption();
    private readonly CliContext _context;

    public ReplayDeadLetterCommand(CliContext context)
    {
        _context = context;
        Command = new Command("replay", "Send one dead letter to the pipeline again, once its cause is fixed.") { _id, _api };
        Command.SetAction((r, ct) => RunAsync(Bind(r), ct));
    }

    public Command Command { get; }

    public ReplayDeadLetterArguments Bind(ParseResult r) => new(r.GetValue(_id), r.GetValue(_api));

    public Task<int> RunAsync(ReplayDeadLetterArguments args, CancellationToken ct) => SignedInApi.CallAsync(_context, args.Api, async client =>
    {
        await client.Api.ReplayDeadLetterAsync(args.Id, ct);
        _context.Console.WriteLine($"Replayed dead letter {args.Id}: its message is back in the pipeline's queue.");
        return ExitCodes.Success;
    });
}
