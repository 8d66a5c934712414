using BuildPeer.Cli;
using BuildPeer.Cli.Commands;
using BuildPeer.Cli.Config;
using BuildPeer.Client.Auth;
using Spectre.Console;

namespace BuildPeer.Client.Tests;

public sealed class CliSessionTests
{
    private static readonly Credentials SignedIn = new("http://127.0.0.1:5080/", "access-1", DateTimeOffset.UtcNow.AddMinutes(15), "a@b.c", "empleado",
        Guid.Parse("0b9a3c1e-5d1f-4c2a-9f3e-0000000000a1"), "refresh-1");

    private static (CliContext Context, StringWriter Output) Context(string configDir)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
        return (new CliContext(console, new Dictionary<string, string> { ["BUILDPEER_CONFIG_DIR"] = configDir }.GetValueOrDefault, "/home/x"), output);
    }

    [Fact]
    public void The_refresh_token_is_kept_and_files_from_before_it_was_kept_still_load()
    {
        using var dir = new TempFolder();
        var store = new CredentialsStore(Path.Combine(dir.Path, "credentials.json"));
        store.Save(SignedIn);
        Assert.Equal("refresh-1", store.Load()!.RefreshToken);

        File.WriteAllText(store.Path, """{"apiUrl":"http://x/","accessToken":"a","expiresAt":"2026-01-01T00:00:00Z","email":"e","role":"empleado","tenantId":"0b9a3c1e-5d1f-4c2a-9f3e-0000000000a1"}""");
        var old = store.Load()!;
        Assert.Null(old.RefreshToken);
        Assert.False(old.CanSignIn(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void The_rotated_tokens_are_written_back_readable_by_the_owner_only_keeping_the_rest()
    {
        using var dir = new TempFolder();
        var (context, _) = Context(dir.Path);
        var store = new CredentialsStore(CliPaths.CredentialsFile(context));
        var writer = new RefreshedSessionWriter(store, SignedIn, context.Console);
        var expires = DateTimeOffset.UtcNow.AddMinutes(30);

        writer.Save(new SessionTokens("access-2", expires, "refresh-2"));

        Assert.Equal(SignedIn with { AccessToken = "access-2", ExpiresAt = expires, RefreshToken = "refresh-2" }, store.Load());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
    }

    [Fact]
    public void An_expired_access_token_is_usable_when_a_refresh_token_can_renew_it()
    {
        using var dir = new TempFolder();
        var (context, _) = Context(dir.Path);
        new CredentialsStore(CliPaths.CredentialsFile(context)).Save(SignedIn with { ExpiresAt = DateTimeOffset.UtcNow.AddHours(-10) });

        var (credentials, api, code) = SignedInApi.Resolve(context, null);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("refresh-1", credentials!.ToSession().RefreshToken);
        Assert.Equal(new Uri(SignedIn.ApiUrl), api);
    }

    [Fact]
    public void An_expired_access_token_without_a_refresh_token_asks_to_log_in()
    {
        using var dir = new TempFolder();
        var (context, output) = Context(dir.Path);
        new CredentialsStore(CliPaths.CredentialsFile(context)).Save(SignedIn with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1), RefreshToken = null });

        var (credentials, _, code) = SignedInApi.Resolve(context, null);

        Assert.Null(credentials);
        Assert.Equal(ExitCodes.NotSignedIn, code);
        Assert.Contains("buildpeer login", output.ToString());
    }
}
