using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Auth;

/// <summary>
/// Holds the session's tokens and renews them when the API answers 401, single-flight: every request rejected with the
/// same access token shares ONE refresh call. The server rotates the refresh token, and a second call with the spent
/// one would look like a replay and sign out every session of the user.
/// </summary>
/// <param name="exchange">Trades a refresh token for new tokens (POST /api/auth/refresh).</param>
/// <param name="onRefreshed">Told the rotated tokens, e.g. to keep them for the next run; called once per refresh.</param>
public sealed class SessionRefresher(SessionTokens tokens, Func<string, CancellationToken, Task<SessionTokens>>? exchange,
    Action<SessionTokens>? onRefreshed = null)
{
    public const string ExpiredMessage = "session expired, run buildpeer login";

    private readonly Lock _lock = new();
    private SessionTokens _current = tokens;
    private Task<SessionTokens>? _inFlight;
    private BuildPeerException? _expired;

    /// <summary>A session that cannot be refreshed: a 401 stays final.</summary>
    public static SessionRefresher Fixed(string accessToken) => new(new SessionTokens(accessToken, DateTimeOffset.MaxValue, null), null);

    public SessionTokens Current { get { lock (_lock) return _current; } }

    public string AccessToken => Current.AccessToken;

    public bool CanRefresh => exchange is not null && Current.RefreshToken is not null;

    /// <summary>
    /// The access token to try again with after the API refused <paramref name="rejectedAccessToken"/>: the current one
    /// when another request already refreshed, else the one the (shared) refresh brings.
    /// </summary>
    /// <exception cref="BuildPeerException">401 "session expired, run buildpeer login" when the refresh token was refused.</exception>
    public async Task<string> AccessTokenAfterRejectionAsync(string rejectedAccessToken, CancellationToken ct)
    {
        Task<SessionTokens> refresh;
        lock (_lock)
        {
            if (_expired is not null) throw _expired;
            if (_current.AccessToken != rejectedAccessToken) return _current.AccessToken;
            if (exchange is null || _current.RefreshToken is not { } refreshToken)
                throw new BuildPeerException($"{ExpiredMessage} (no refresh token kept)", 401);
            // Not tied to the caller's token: a refresh the server answered must be kept even if this caller gave up.
            refresh = _inFlight ??= Task.Run(() => RefreshAsync(exchange, refreshToken));
        }
        return (await refresh.WaitAsync(ct)).AccessToken;
    }

    private async Task<SessionTokens> RefreshAsync(Func<string, CancellationToken, Task<SessionTokens>> trade, string refreshToken)
    {
        try
        {
            var fresh = await trade(refreshToken, CancellationToken.None);
            lock (_lock) _current = fresh;
            onRefreshed?.Invoke(fresh);
            return fresh;
        }
        catch (BuildPeerException e) when (e.StatusCode is 400 or 401)
        {
            var expired = new BuildPeerException($"{ExpiredMessage} ({e.Message})", 401, e.Attempts, e);
            lock (_lock) _expired = expired;
            throw expired;
        }
        finally
        {
            lock (_lock) _inFlight = null; // a failure that was not a refusal (network, 5xx) may be tried again by the next 401
        }
    }
}
