using System.CommandLine;
using BuildPeer.Cli.Config;
using BuildPeer.Client;
using BuildPeer.Client.Retries;
using Spectre.Console;

namespace BuildPeer.Cli.Commands;

public sealed record LoginArguments(string Api, string Email, string? Password);

/// <summary>buildpeer login: exchanges email and password for tokens and keeps them (not the password) in the config folder.</summary>
public sealed class LoginCommand
{
    private readonly Option<string> _api = new("--api") { Description = "The BuildPeer API URL, e.g. http://127.0.0.1:5080", Required = true };
    private readonly Option<string> _email = new("--email") { Description = "Your BuildPeer email", Required = true };
    private readonly Option<string?> _password = new("--password") { Description = "Your password (else BUILDPEER_PASSWORD, else asked)" };
    private readonly CliContext _context;

    public LoginCommand(CliContext context)
    {
        _context = context;
        Command = new Command("login", "Sign in and remember the session for upload and status.") { _api, _email, _password };
        Command.SetAction((r, ct) => RunAsync(Bind(r), ct));
    }

    public Command Command { get; }

    public LoginArguments Bind(ParseResult r) => new(r.GetValue(_api)!, r.GetValue(_email)!, r.GetValue(_password));

    public async Task<int> RunAsync(LoginArguments args, CancellationToken ct)
    {
        var console = _context.Console;
        Uri api;
        try { api = ApiAddress.Parse(args.Api); }
        catch (FormatException e) { console.MarkupLineInterpolated($"[red]{e.Message}[/]"); return ExitCodes.Usage; }

        var password = args.Password ?? _context.Environment("BUILDPEER_PASSWORD");
        if (password is null)
        {
            if (!console.Profile.Capabilities.Interactive) { console.MarkupLine("[red]No password: pass --password or set BUILDPEER_PASSWORD.[/]"); return ExitCodes.Usage; }
            password = await new TextPrompt<string>("Password:").Secret().ShowAsync(console, ct);
        }

        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var login = await BuildPeerClient.LoginAsync(http, args.Email, password, ct);
            var store = new CredentialsStore(CliPaths.CredentialsFile(_context));
            store.Save(new Credentials(api.ToString(), login.AccessToken, login.ExpiresAt, args.Email, login.Role, login.TenantId, login.RefreshToken));
            console.MarkupLineInterpolated($"Signed in as [bold]{login.DisplayName}[/] ({login.Role}). Session kept in {store.Path}{(login.RefreshToken is null ? $" until {login.ExpiresAt.ToLocalTime():HH:mm}" : ", renewed as you use it")}.");
            return ExitCodes.Success;
        }
        catch (BuildPeerException e)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return e.StatusCode is 401 or 400 ? ExitCodes.NotSignedIn : ExitCodes.ApiError;
        }
        catch (HttpRequestException e)
        {
            console.MarkupLineInterpolated($"[red]Cannot reach {api}: {e.Message}[/]");
            return ExitCodes.ApiError;
        }
    }
}
