using BuildPeer.Cli.Config;
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
        if (credentials.HasExpired(DateTimeOffset.UtcNow))
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
}
