using System.CommandLine;

namespace BuildPeer.Cli.Commands.DeadLetters;

/// <summary>buildpeer dead-letters: the operador's verbs over the pipeline's dead letters (list, replay, replay-all, discard).</summary>
public sealed class DeadLettersCommand
{
    public DeadLettersCommand(CliContext context)
    {
        List = new ListDeadLettersCommand(context);
        Replay = new ReplayDeadLetterCommand(context);
        ReplayAll = new ReplayAllDeadLettersCommand(context);
        Discard = new DiscardDeadLetterCommand(context);
        Command = new Command("dead-letters", "Messages the pipeline gave up on: list them, replay them once the cause is fixed, or discard them " +
            "with a reason. BuildPeer operators (operador role) only; every action is audited.")
        {
            List.Command, Replay.Command, ReplayAll.Command, Discard.Command,
        };
    }

    public Command Command { get; }
    public ListDeadLettersCommand List { get; }
    public ReplayDeadLetterCommand Replay { get; }
    public ReplayAllDeadLettersCommand ReplayAll { get; }
    public DiscardDeadLetterCommand Discard { get; }

    /// <summary>--api, shared by the four verbs.</summary>
    internal static Option<string?> ApiOption() => new("--api") { Description = "API URL (default: the one you logged in to)" };
}
