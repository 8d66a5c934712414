using System.CommandLine;
using Spectre.Console;
using BuildPeer.Cli.Commands;
using BuildPeer.Cli.Commands.DeadLetters;

namespace BuildPeer.Cli;

/// <summary>The buildpeer command line: login, upload, status, and the operators' dead-letters verbs.</summary>
public sealed class CliApp
{
    public CliApp(CliContext context)
    {
        Login = new LoginCommand(context);
        Upload = new UploadCommand(context);
        Status = new StatusCommand(context);
        DeadLetters = new DeadLettersCommand(context);
        Root = new RootCommand("buildpeer: send construction photos, plans and reports to a BuildPeer project, even over bad networks.")
        {
            Login.Command, Upload.Command, Status.Command, DeadLetters.Command,
        };
    }

    public RootCommand Root { get; }
    public LoginCommand Login { get; }
    public UploadCommand Upload { get; }
    public StatusCommand Status { get; }
    public DeadLettersCommand DeadLetters { get; }

    public static Task<int> RunAsync(string[] args, CliContext context)
    {
        var parsed = new CliApp(context).Root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parsed.Errors) context.Console.MarkupLineInterpolated($"[red]{error.Message}[/]");
            context.Console.WriteLine("Run buildpeer --help for usage.");
            return Task.FromResult(ExitCodes.Usage);
        }
        return parsed.InvokeAsync();
    }
}
