using BuildPeer.Cli.Config;
using BuildPeer.Client;
using BuildPeer.Client.Retries;
using Spectre.Console;

namespace BuildPeer.Cli.Commands;

/// <summary>The stored session for the commands that call the API, or a message saying how to sign in.</summary>
public static class SignedInApi
{
    public static (Credentials? Credentials, Uri? Api, int ExitCode) Resolve(CliContext context, string? apiOverride)
    {
        var store = new CredentialsStore(CliPaths.CredentialsFile(context));
        var credentials = store.Load();
        if (credentials is null)
        {
            context.Console.MarkupLine("[red]Not signed in.[/] Run: buildpeer login --api <url> --email <you@example.com>");
            return (null, null, ExitCodes.NotSignedIn);
        }
        if (!credentials.CanSignIn(DateTimeOffset.UtcNow))
        {
            context.Console.MarkupLineInterpolated($"[red]Your session expired at {credentials.ExpiresAt.ToLocalTime():g}.[/] Run buildpeer login again; uploads continue where they stopped.");
            return (null, null, ExitCodes.NotSignedIn);
        }
        try { return (credentials, ApiAddress.Parse(apiOverride ?? credentials.ApiUrl), ExitCodes.Success); }
        catch (FormatException e)
        {
            context.Console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return (null, null, ExitCodes.Usage);
        }
    }

    /// <summary>
    /// One command's API calls with the stored session (refreshed tokens are kept); a refusal becomes its message and
    /// an exit code: 3 when the session is gone, 4 otherwise.
    /// </summary>
    public static async Task<int> CallAsync(CliContext context, string? apiOverride, Func<BuildPeerClient, Task<int>> call)
    {
        var (credentials, api, exit) = Resolve(context, apiOverride);
        if (credentials is null) return exit;
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        using var client = new BuildPeerClient(http, credentials.ToSession(), new BuildPeerClientOptions().KeepingRefreshedSession(context, credentials));
        try { return await call(client); }
        catch (BuildPeerException e)
        {
            context.Console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return e.StatusCode == 401 ? ExitCodes.NotSignedIn : ExitCodes.ApiError;
        }
    }

    /// <summary>Client options that keep the tokens of every refresh in the credentials file.</summary>
    public static BuildPeerClientOptions KeepingRefreshedSession(this BuildPeerClientOptions options, CliContext context, Credentials credentials)
    {
        var writer = new RefreshedSessionWriter(new CredentialsStore(CliPaths.CredentialsFile(context)), credentials, context.Console);
        return options with { OnSessionRefreshed = writer.Save };
    }
}
