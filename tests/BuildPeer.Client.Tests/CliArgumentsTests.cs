using BuildPeer.Cli;
using Spectre.Console;

namespace BuildPeer.Client.Tests;

public sealed class CliArgumentsTests
{
    private static readonly Guid Project = Guid.Parse("0b9a3c1e-5d1f-4c2a-9f3e-0000000000a1");

    private static CliApp App() => new(new CliContext(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) }), _ => null, "/home/x"));

    [Fact]
    public void Upload_takes_several_paths_and_defaults_to_4_parts_and_2_files()
    {
        var app = App();
        var parsed = app.Root.Parse(["upload", "fotos/", "plano.pdf", "--project", Project.ToString()]);

        Assert.Empty(parsed.Errors);
        var args = app.Upload.Bind(parsed);
        Assert.Equal(["fotos/", "plano.pdf"], args.Paths);
        Assert.Equal(Project, args.ProjectId);
        Assert.Equal((4, 2, false), (args.Parallel, args.Files, args.Wait));
        Assert.Equal(TimeSpan.FromMinutes(10), args.WaitTimeout);
        Assert.Null(args.Api);
    }

    [Fact]
    public void Upload_options_are_read()
    {
        var app = App();
        var parsed = app.Root.Parse(["upload", "a.jpg", "-p", Project.ToString(), "--parallel", "8", "--files", "3", "--wait", "--wait-timeout", "30",
            "--api", "http://127.0.0.1:9999", "--no-progress"]);
        var args = app.Upload.Bind(parsed);
        Assert.Equal((8, 3, true, TimeSpan.FromSeconds(30), "http://127.0.0.1:9999", true),
            (args.Parallel, args.Files, args.Wait, args.WaitTimeout, args.Api, args.NoProgress));
    }

    [Theory]
    [InlineData("upload", "a.jpg")]                                          // no project
    [InlineData("upload", "--project", "0b9a3c1e-5d1f-4c2a-9f3e-0000000000a1")] // no paths
    [InlineData("upload", "a.jpg", "--project", "torre-norte")]              // not an id
    [InlineData("upload", "a.jpg", "--project", "0b9a3c1e-5d1f-4c2a-9f3e-0000000000a1", "--parallel", "0")]
    [InlineData("upload", "a.jpg", "--project", "0b9a3c1e-5d1f-4c2a-9f3e-0000000000a1", "--files", "9")]
    [InlineData("login", "--email", "a@b.c")]                                // no api
    [InlineData("status")]                                                   // no project
    [InlineData("frobnicate")]
    public void Bad_command_lines_are_errors(params string[] args) => Assert.NotEmpty(App().Root.Parse(args).Errors);

    [Fact]
    public async Task A_bad_command_line_exits_with_the_usage_code_and_says_why()
    {
        var output = new StringWriter();
        var context = new CliContext(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No }), _ => null, "/home/x");

        var code = await CliApp.RunAsync(["upload", "a.jpg", "--project", Project.ToString(), "--parallel", "99"], context);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--parallel must be between 1 and 16", output.ToString());
    }

    [Fact]
    public void Login_and_status_are_read()
    {
        var app = App();
        var login = app.Login.Bind(app.Root.Parse(["login", "--api", "http://127.0.0.1:5080", "--email", "empleado@demo.buildpeer.lat", "--password", "pw"]));
        Assert.Equal(new Cli.Commands.LoginArguments("http://127.0.0.1:5080", "empleado@demo.buildpeer.lat", "pw"), login);

        var status = app.Status.Bind(app.Root.Parse(["status", Project.ToString(), "--limit", "5"]));
        Assert.Equal(new Cli.Commands.StatusArguments(Project, 5, null), status);
    }
}
