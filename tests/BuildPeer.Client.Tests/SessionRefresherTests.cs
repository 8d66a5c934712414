using BuildPeer.Client.Auth;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Tests;

public sealed class SessionRefresherTests
{
    private static readonly SessionTokens Old = new("access-1", DateTimeOffset.UnixEpoch, "refresh-1");
    private static readonly SessionTokens New = new("access-2", DateTimeOffset.UnixEpoch.AddMinutes(15), "refresh-2");

    /// <summary>A refresh endpoint in memory: records the refresh tokens it is given and answers when told to.</summary>
    private sealed class FakeExchange
    {
        private readonly List<string> _spent = [];
        public TaskCompletionSource<SessionTokens> Answer { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public IReadOnlyList<string> Spent { get { lock (_spent) return _spent.ToList(); } }

        public Task<SessionTokens> TradeAsync(string refreshToken, CancellationToken ct)
        {
            lock (_spent) _spent.Add(refreshToken);
            return Answer.Task;
        }
    }

    [Fact]
    public async Task Concurrent_rejections_of_the_same_token_share_one_refresh_and_all_get_the_new_token()
    {
        var exchange = new FakeExchange();
        var refreshed = new List<SessionTokens>();
        var session = new SessionRefresher(Old, exchange.TradeAsync, refreshed.Add);

        var waiting = Enumerable.Range(0, 8).Select(_ => session.AccessTokenAfterRejectionAsync("access-1", CancellationToken.None)).ToList();
        await WaitUntil(() => exchange.Spent.Count == 1);
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
        exchange.Answer.SetResult(New);

        Assert.All(await Task.WhenAll(waiting), token => Assert.Equal("access-2", token));
        Assert.Equal(["refresh-1"], exchange.Spent);
        Assert.Equal([New], refreshed);
        Assert.Equal(New, session.Current);
    }

    [Fact]
    public async Task A_rejection_of_a_token_already_replaced_retries_with_the_current_one_without_refreshing()
    {
        var exchange = new FakeExchange();
        exchange.Answer.SetResult(New);
        var session = new SessionRefresher(Old, exchange.TradeAsync);
        Assert.Equal("access-2", await session.AccessTokenAfterRejectionAsync("access-1", CancellationToken.None));

        var late = await session.AccessTokenAfterRejectionAsync("access-1", CancellationToken.None); // a part sent before the refresh

        Assert.Equal("access-2", late);
        Assert.Equal(["refresh-1"], exchange.Spent);

        exchange.Answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        exchange.Answer.SetResult(New with { AccessToken = "access-3", RefreshToken = "refresh-3" });
        Assert.Equal("access-3", await session.AccessTokenAfterRejectionAsync("access-2", CancellationToken.None));
        Assert.Equal(["refresh-1", "refresh-2"], exchange.Spent); // the rotated token, never the spent one
    }

    [Fact]
    public async Task A_refused_refresh_says_session_expired_to_every_waiter_and_is_not_tried_again()
    {
        var exchange = new FakeExchange();
        var session = new SessionRefresher(Old, exchange.TradeAsync);
        var waiting = Enumerable.Range(0, 3).Select(_ => session.AccessTokenAfterRejectionAsync("access-1", CancellationToken.None)).ToList();
        await WaitUntil(() => exchange.Spent.Count == 1);

        exchange.Answer.SetException(new BuildPeerException("refresh the session failed: 401 The refresh token was already used", 401));

        foreach (var wait in waiting)
        {
            var error = await Assert.ThrowsAsync<BuildPeerException>(() => wait);
            Assert.Equal(401, error.StatusCode);
            Assert.StartsWith(SessionRefresher.ExpiredMessage, error.Message);
        }
        var again = await Assert.ThrowsAsync<BuildPeerException>(() => session.AccessTokenAfterRejectionAsync("access-1", CancellationToken.None));
        Assert.Contains("session expired, run buildpeer login", again.Message);
        Assert.Single(exchange.Spent);
    }

    [Fact]
    public async Task A_refresh_that_failed_on_the_way_is_tried_again_by_the_next_rejection()
    {
        var exchange = new FakeExchange();
        exchange.Answer.SetException(new BuildPeerException("refresh the session failed: gave up after 6 tries; last: 503", 503));
        var session = new SessionRefresher(Old, exchange.TradeAsync);

        var error = await Assert.ThrowsAsync<BuildPeerException>(() => session.AccessTokenAfterRejectionAsync("access-1", CancellationToken.None));
        Assert.Equal(503, error.StatusCode);

        exchange.Answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        exchange.Answer.SetResult(New);
        Assert.Equal("access-2", await session.AccessTokenAfterRejectionAsync("access-1", CancellationToken.None));
        Assert.Equal(["refresh-1", "refresh-1"], exchange.Spent);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_lose_the_rotated_tokens()
    {
        var exchange = new FakeExchange();
        var refreshed = new TaskCompletionSource<SessionTokens>(TaskCreationOptions.RunContinuationsAsynchronously);
        var session = new SessionRefresher(Old, exchange.TradeAsync, t => refreshed.SetResult(t));
        using var cancel = new CancellationTokenSource();
        var waiting = session.AccessTokenAfterRejectionAsync("access-1", cancel.Token);
        await WaitUntil(() => exchange.Spent.Count == 1);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        exchange.Answer.SetResult(New); // the server already rotated: the answer must still be kept

        Assert.Equal(New, await refreshed.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(New, session.Current);
    }

    [Fact]
    public async Task Without_a_refresh_token_a_rejection_is_final()
    {
        var session = SessionRefresher.Fixed("access-1");
        Assert.False(session.CanRefresh);
        var error = await Assert.ThrowsAsync<BuildPeerException>(() => session.AccessTokenAfterRejectionAsync("access-1", CancellationToken.None));
        Assert.Equal(401, error.StatusCode);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
