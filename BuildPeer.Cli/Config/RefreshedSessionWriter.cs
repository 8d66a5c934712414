using BuildPeer.Client.Auth;
using Spectre.Console;

namespace BuildPeer.Cli.Config;

/// <summary>
/// Writes the rotated tokens back to the credentials file after the client refreshed the session, so the next run
/// spends the new refresh token (the old one is revoked; using it again would sign the user out everywhere).
/// </summary>
public sealed class RefreshedSessionWriter(CredentialsStore store, Credentials signedIn, IAnsiConsole console)
{
    private readonly Lock _lock = new();
    private Credentials _latest = signedIn;

    public void Save(SessionTokens session)
    {
        lock (_lock)
        {
            _latest = _latest.With(session);
            try { store.Save(_latest); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.MarkupLineInterpolated($"[yellow]The session was renewed but {store.Path} could not be written ({e.Message}); run buildpeer login before the next run.[/]");
            }
        }
    }
}
