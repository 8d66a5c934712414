using System.CommandLine;
using Spectre.Console;

namespace BuildPeer.Cli.Commands.DeadLetters;

public sealed record ReplayAllDeadLettersArguments(string? Api);

/// <summary>buildpeer dead-letters replay-all: every dead letter still waiting (the API replays up to 500 per call).</summary>
public sealed class ReplayAllDeadLettersCommand
{
    /// <summary>The API's cap per call (DeadLetterEndpoints.ReplayAllAsync).</summary>
    public const int PerCall = 500;

    private readonly Option<string?> _api = DeadLettersCommand.ApiOption();
    private readonly CliContext _context;

    public ReplayAllDeadLettersCommand(CliContext context)
    {
        _context = context;
        Command = new Command("replay-all", "Send every waiting dead letter to the pipeline again, once the cause is fixed.") { _api };
        Command.SetAction((r, ct) => RunAsync(Bind(r), ct));
    }

    public Command Command { get; }

    public ReplayAllDeadLettersArguments Bind(ParseResult r) => new(r.GetValue(_api));

    public Task<int> RunAsync(ReplayAllDeadLettersArguments args, CancellationToken ct) => SignedInApi.CallAsync(_context, args.Api, async client =>
    {
        var result = await client.Api.ReplayAllDeadLettersAsync(ct);
        _context.Console.WriteLine($"Replayed {result.Replayed} dead letter(s)." +
            (result.Replayed >= PerCall ? $" The API replays at most {PerCall} per call: run replay-all again for the rest." : ""));
        return ExitCodes.Success;
    });
}
