using System.CommandLine;
using Spectre.Console;

namespace BuildPeer.Cli.Commands.DeadLetters;

public sealed record DiscardDeadLetterArguments(Guid Id, string Reason, string? Api);

/// <summary>buildpeer dead-letters discard ID --reason TEXT: gives the message up for good; the reason goes to the audit log.</summary>
public sealed class DiscardDeadLetterCommand
{
    private readonly Argument<Guid> _id = new("id") { Description = "The dead letter's id (from dead-letters list)" };
    private readonly Option<string> _reason = new("--reason") { Required = true, Description = "Why it is discarded (kept in the audit log)" };
    private readonly Option<string?> _api = DeadLettersCommand.ApiOption();
    private readonly CliContext _context;

    public DiscardDeadLetterCommand(CliContext context)
    {
        _context = context;
        _reason.Validators.Add(r => { if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>())) r.AddError("--reason must say why the message is discarded."); });
        Command = new Command("discard", "Give a dead letter up for good, saying why.") { _id, _reason, _api };
        Command.SetAction((r, ct) => RunAsync(Bind(r), ct));
    }

    public Command Command { get; }

    public DiscardDeadLetterArguments Bind(ParseResult r) => new(r.GetValue(_id), r.GetValue(_reason)!, r.GetValue(_api));

    public Task<int> RunAsync(DiscardDeadLetterArguments args, CancellationToken ct) => SignedInApi.CallAsync(_context, args.Api, async client =>
    {
        await client.Api.DiscardDeadLetterAsync(args.Id, args.Reason, ct);
        _context.Console.WriteLine($"Discarded dead letter {args.Id}.");
        return ExitCodes.Success;
    });
}
