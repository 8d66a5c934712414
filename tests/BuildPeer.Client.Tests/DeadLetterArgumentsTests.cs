using BuildPeer.Cli;
using BuildPeer.Cli.Commands.DeadLetters;
using BuildPeer.Client.Api;
using Spectre.Console;

namespace BuildPeer.Client.Tests;

public sealed class DeadLetterArgumentsTests
{
    private static readonly Guid Letter = Guid.Parse("5f0c7f0e-2a55-4c1e-9d7b-00000000d1e5");

    private static CliApp App() => new(new CliContext(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) }), _ => null, "/home/x"));

    [Fact]
    public void List_shows_the_waiting_ones_by_default_and_all_means_no_filter()
    {
        var app = App();
        Assert.Equal(new ListDeadLettersArguments("dead", 100, false, null), app.DeadLetters.List.Bind(app.Root.Parse(["dead-letters", "list"])));
        Assert.Equal(new ListDeadLettersArguments(null, 5, true, "http://127.0.0.1:1"),
            app.DeadLetters.List.Bind(app.Root.Parse(["dead-letters", "list", "--state", "all", "--limit", "5", "--json", "--api", "http://127.0.0.1:1"])));
        Assert.Equal("replayed", app.DeadLetters.List.Bind(app.Root.Parse(["dead-letters", "list", "--state", "replayed"])).State);
    }

    [Fact]
    public void Replay_discard_and_replay_all_are_read()
    {
        var app = App();
        Assert.Equal(new ReplayDeadLetterArguments(Letter, null), app.DeadLetters.Replay.Bind(app.Root.Parse(["dead-letters", "replay", Letter.ToString()])));
        Assert.Equal(new DiscardDeadLetterArguments(Letter, "archivo borrado por el cliente", null),
            app.DeadLetters.Discard.Bind(app.Root.Parse(["dead-letters", "discard", Letter.ToString(), "--reason", "archivo borrado por el cliente"])));
        Assert.Empty(app.Root.Parse(["dead-letters", "replay-all"]).Errors);
    }

    [Theory]
    [InlineData("dead-letters", "replay")]                                                   // no id
    [InlineData("dead-letters", "replay", "DL-17")]                                          // not an id
    [InlineData("dead-letters", "discard", "5f0c7f0e-2a55-4c1e-9d7b-00000000d1e5")]          // no reason
    [InlineData("dead-letters", "discard", "5f0c7f0e-2a55-4c1e-9d7b-00000000d1e5", "--reason", " ")]
    [InlineData("dead-letters", "list", "--state", "pending")]
    [InlineData("dead-letters", "list", "--limit", "0")]
    [InlineData("dead-letters", "list", "--limit", "501")]
    [InlineData("dead-letters", "purge")]
    public void Bad_command_lines_are_errors(params string[] args) => Assert.NotEmpty(App().Root.Parse(args).Errors);

    [Fact]
    public async Task Discarding_without_a_reason_exits_with_the_usage_code_and_says_what_to_add()
    {
        var output = new StringWriter();
        var context = new CliContext(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No }), _ => null, "/home/x");

        var code = await CliApp.RunAsync(["dead-letters", "discard", Letter.ToString()], context);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--reason", output.ToString());
    }

    [Fact]
    public void The_table_shows_the_error_the_attempts_and_how_each_was_resolved()
    {
        var at = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        var upload = Guid.NewGuid();
        var letters = new[]
        {
            new DeadLetterView(Letter, Guid.NewGuid(), "buildpeer-uploads", "BuildPeer.Uploads.Messages.ScanUpload", upload, "scan",
                "BuildPeer.Processing.Tools.ClamdUnavailableException", "clamd at 127.0.0.1:3310 is unavailable: Connection refused", 4, at,
                "dead", null, null, null),
            new DeadLetterView(Guid.NewGuid(), Guid.NewGuid(), "buildpeer-uploads", "BuildPeer.Uploads.Messages.ProcessUpload", null, "process",
                "System.InvalidOperationException", "[boom]", 1, at, "discarded", Guid.NewGuid(), at.AddHours(1), "archivo de prueba"),
        };
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
        console.Profile.Width = 400;

        console.Write(ListDeadLettersCommand.Table(letters, null));

        var text = output.ToString();
        Assert.Contains("clamd at 127.0.0.1:3310 is unavailable: Connection refused", text);
        Assert.Contains(upload.ToString(), text);
        Assert.Contains("[boom]", text); // markup in an error message is shown, not interpreted
        Assert.Contains("discarded", text);
        Assert.Contains("archivo de prueba", text);
        Assert.Matches(@"│\s*4\s*│", text);
    }
}
