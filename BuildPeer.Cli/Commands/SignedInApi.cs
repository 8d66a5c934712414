using BuildPeer.Cli.Config;
using BuildPeer.Client;
using Spectre.Console;

namespace BuildPeer.Cli.Commands;

/// <summary>The stored session for upload and status, or a message saying how to sign in.</summary>
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

    /// <summary>Client options that keep the tokens of every refresh in the credentials file.</summary>
    public static BuildPeerClientOptions KeepingRefreshedSession(this BuildPeerClientOptions options, CliContext context, Credentials credentials)
    {
        var writer = new RefreshedSessionWriter(new CredentialsStore(CliPaths.CredentialsFile(context)), credentials, context.Console);
        return options with { OnSessionRefreshed = writer.Save };
    }
}
