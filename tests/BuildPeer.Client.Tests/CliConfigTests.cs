using BuildPeer.Cli;
using BuildPeer.Cli.Config;
using Spectre.Console;

namespace BuildPeer.Client.Tests;

public sealed class CliConfigTests
{
    private static CliContext Context(Dictionary<string, string> env) =>
        new(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) }), env.GetValueOrDefault, "/home/obra");

    [Fact]
    public void Paths_default_to_the_xdg_folders_under_home()
    {
        var context = Context([]);
        Assert.Equal("/home/obra/.config/buildpeer/credentials.json", CliPaths.CredentialsFile(context));
        Assert.Equal("/home/obra/.local/state/buildpeer/uploads", CliPaths.StateDirectory(context));
    }

    [Fact]
    public void Environment_variables_choose_the_folders()
    {
        var context = Context(new() { ["BUILDPEER_CONFIG_DIR"] = "/tmp/cfg", ["BUILDPEER_STATE_DIR"] = "/tmp/state", ["XDG_CONFIG_HOME"] = "/x" });
        Assert.Equal("/tmp/cfg/credentials.json", CliPaths.CredentialsFile(context));
        Assert.Equal("/tmp/state", CliPaths.StateDirectory(context));
        Assert.Equal("/x/buildpeer", CliPaths.ConfigDirectory(Context(new() { ["XDG_CONFIG_HOME"] = "/x" })));
    }

    [Fact]
    public void Credentials_round_trip_readable_by_the_owner_only()
    {
        using var dir = new TempFolder();
        var store = new CredentialsStore(Path.Combine(dir.Path, "cfg", "credentials.json"));
        var credentials = new Credentials("http://127.0.0.1:5080/", "token", DateTimeOffset.UtcNow.AddMinutes(15), "a@b.c", "empleado", Guid.NewGuid());

        store.Save(credentials);

        Assert.Equal(credentials, store.Load());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
        Assert.True(credentials.HasExpired(DateTimeOffset.UtcNow.AddMinutes(16)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("https://api.buildpeer.lat/v1", "https://api.buildpeer.lat/v1/")]
    public void Api_addresses_end_with_a_slash(string given, string expected) => Assert.Equal(expected, ApiAddress.Parse(given).ToString());

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://x")]
    public void Api_addresses_must_be_http_urls(string given) => Assert.Throws<FormatException>(() => ApiAddress.Parse(given));

    [Fact]
    public async Task Upload_without_a_session_says_how_to_sign_in()
    {
        using var dir = new TempFolder();
        var output = new StringWriter();
        var context = new CliContext(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No }),
            new Dictionary<string, string> { ["BUILDPEER_CONFIG_DIR"] = dir.Path }.GetValueOrDefault, "/home/x");

        var code = await CliApp.RunAsync(["upload", "a.jpg", "--project", Guid.NewGuid().ToString()], context);

        Assert.Equal(ExitCodes.NotSignedIn, code);
        Assert.Contains("buildpeer login", output.ToString());
    }
}
