using Spectre.Console;

namespace BuildPeer.Cli;

/// <summary>What the commands take from the process (environment, home folder, console), replaceable in tests.</summary>
public sealed record CliContext(IAnsiConsole Console, Func<string, string?> Environment, string Home)
{
    public static CliContext FromProcess() => new(CreateConsole(), System.Environment.GetEnvironmentVariable,
        System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile));

    /// <summary>Redirected output (a log, a pipe, a test) gets plain text: no colours, no cursor movement, no progress bars, wide tables.</summary>
    private static IAnsiConsole CreateConsole()
    {
        if (!System.Console.IsOutputRedirected) return AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(System.Console.Out),
        });
        console.Profile.Width = 200;
        return console;
    }
}
