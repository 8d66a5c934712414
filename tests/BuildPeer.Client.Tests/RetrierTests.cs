using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Tests;

public sealed class RetrierTests
{
    private static readonly RetryPolicy Instant = RetryPolicy.Default with { Backoff = Enumerable.Repeat(TimeSpan.Zero, 5).ToArray() };

    [Fact]
    public async Task Retries_until_a_try_succeeds_and_reports_each_failure()
    {
        var notices = new List<RetryNotice>();
        var retrier = new Retrier(Instant, new PauseGate(TimeProvider.System), TimeProvider.System);
        var tries = 0;

        var result = await retrier.RunAsync("part 1", _ =>
        {
            tries++;
            return tries < 3 ? throw new HttpRequestException("connection reset") : Task.FromResult("etag");
        }, null, notices.Add, CancellationToken.None);

        Assert.Equal("etag", result);
        Assert.Equal(3, tries);
        Assert.Equal([1, 2], notices.Select(n => n.FailedAttempts));
    }

    [Fact]
    public async Task A_socket_error_that_escapes_the_http_stack_is_a_network_failure_and_retried()
    {
        var retrier = new Retrier(Instant, new PauseGate(TimeProvider.System), TimeProvider.System);
        var tries = 0;

        var result = await retrier.RunAsync("status of losa.jpg", _ =>
        {
            tries++;
            return tries < 2 ? throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.NotConnected) : Task.FromResult("Processed");
        }, null, null, CancellationToken.None);

        Assert.Equal("Processed", result);
        Assert.Equal(2, tries);
    }

    [Fact]
    public async Task Gives_up_after_the_first_try_and_five_retries_with_the_last_reason()
    {
        var retrier = new Retrier(Instant, new PauseGate(TimeProvider.System), TimeProvider.System);
        var tries = 0;

        var error = await Assert.ThrowsAsync<BuildPeerException>(() => retrier.RunAsync<int>("part 2 of plano.pdf", _ =>
        {
            tries++;
            throw new RequestFailedException(new AttemptFailure(503, "SlowDown"));
        }, null, null, CancellationToken.None));

        Assert.Equal(6, tries);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("part 2 of plano.pdf", error.Message);
        Assert.Contains("SlowDown", error.Message);
    }

    [Fact]
    public async Task A_403_calls_resign_then_tries_again()
    {
        var retrier = new Retrier(Instant, new PauseGate(TimeProvider.System), TimeProvider.System);
        var url = "expired";
        var result = await retrier.RunAsync("part 3", _ => url == "expired"
                ? throw new RequestFailedException(new AttemptFailure(403, "AccessDenied"))
                : Task.FromResult(url),
            _ => { url = "fresh"; return Task.CompletedTask; }, null, CancellationToken.None);
        Assert.Equal("fresh", result);
    }

    [Fact]
    public async Task Waits_the_backoff_between_tries_on_the_given_clock()
    {
        var clock = new FakeClock();
        var retrier = new Retrier(RetryPolicy.Default, new PauseGate(clock), clock);
        var tries = 0;
        var run = retrier.RunAsync("get", _ => ++tries < 3 ? throw new IOException("cut") : Task.FromResult(tries), null, null, CancellationToken.None);

        await WaitUntil(() => clock.Waits.Count == 1);
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => clock.Waits.Count == 2);
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(3, await run);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], clock.Waits);
    }

    [Fact]
    public async Task A_429_pauses_every_request_sharing_the_gate()
    {
        var clock = new FakeClock();
        var gate = new PauseGate(clock);
        var retrier = new Retrier(RetryPolicy.Default, gate, clock);
        var first = true;
        var run = retrier.RunAsync("part 1", _ =>
        {
            if (!first) return Task.FromResult("ok");
            first = false;
            throw new RequestFailedException(new AttemptFailure(429, "Too Many Requests", TimeSpan.FromSeconds(30)));
        }, null, null, CancellationToken.None);

        await WaitUntil(() => clock.Waits.Count == 1);
        Assert.Equal(clock.GetUtcNow().AddSeconds(30), gate.PausedUntil);
        var other = gate.WaitAsync(CancellationToken.None);
        Assert.False(other.IsCompleted); // another part waits too
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("ok", await run);
        await other;
    }

    /// <summary>
    /// A site link (benchmark 6): each transfer runs for 150 s and is cut by a drop, then the link refuses five tries.
    /// The fourth transfer gets through.
    /// </summary>
    private static Func<CancellationToken, Task<string>> SiteLink(FakeClock clock, Action<bool> lastTryCut, int cutsBeforeSuccess)
    {
        var transfers = 0;
        var refusedSinceCut = 0;
        return _ =>
        {
            if (refusedSinceCut is > 0 and < 6)
            {
                refusedSinceCut++;
                lastTryCut(false);
                throw new HttpRequestException("Connection refused");
            }
            refusedSinceCut = 1;
            clock.Advance(TimeSpan.FromSeconds(150));
            if (++transfers > cutsBeforeSuccess) return Task.FromResult("etag");
            lastTryCut(true);
            throw new IOException("Connection reset by peer");
        };
    }

    private static readonly RetryPolicy NoWaits = RetryPolicy.Default with { Backoff = Enumerable.Repeat(TimeSpan.Zero, 5).ToArray() };

    [Fact]
    public async Task A_try_cut_midway_starts_the_retries_over_so_minutes_spent_sending_do_not_use_up_the_grace()
    {
        var clock = new FakeClock();
        var cut = false;
        var retrier = new Retrier(NoWaits, new PauseGate(clock), clock);

        var etag = await retrier.RunAsync("part 1 of plano.pdf", SiteLink(clock, c => cut = c, cutsBeforeSuccess: 3), null, null,
            CancellationToken.None, cutMidway: () => cut);

        Assert.Equal("etag", etag);
    }

    [Fact]
    public async Task Without_knowing_about_cuts_the_same_link_uses_up_the_grace_and_gives_up()
    {
        var clock = new FakeClock();
        var retrier = new Retrier(NoWaits, new PauseGate(clock), clock);

        var error = await Assert.ThrowsAsync<BuildPeerException>(() =>
            retrier.RunAsync("part 1 of plano.pdf", SiteLink(clock, _ => { }, cutsBeforeSuccess: 3), null, null, CancellationToken.None));

        Assert.Contains("gave up", error.Message);
    }

    [Fact]
    public async Task A_part_cut_by_every_drop_is_given_up_after_the_most_cuts_the_policy_allows()
    {
        var clock = new FakeClock();
        var cut = false;
        var retrier = new Retrier(NoWaits with { MaxCutsMidway = 3 }, new PauseGate(clock), clock);

        await Assert.ThrowsAsync<BuildPeerException>(() => retrier.RunAsync("part 1 of plano.pdf", SiteLink(clock, c => cut = c, cutsBeforeSuccess: 100),
            null, null, CancellationToken.None, cutMidway: () => cut));

        Assert.InRange(clock.GetUtcNow() - new DateTimeOffset(2026, 3, 14, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20));
    }

    [Fact]
    public async Task Time_a_part_waits_for_its_turn_to_send_does_not_use_up_the_grace()
    {
        var clock = new FakeClock();
        var waited = TimeSpan.Zero;
        var tries = 0;
        var retrier = new Retrier(NoWaits, new PauseGate(clock), clock);

        // Each try waits a minute behind the parts ahead of it in a narrowed send window, then finds the link down:
        // eight failed tries span eight minutes, but the link was only tried for seconds of them.
        var etag = await retrier.RunAsync("part 6 of plano.pdf", _ =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            waited += TimeSpan.FromMinutes(1);
            return ++tries > 8 ? Task.FromResult("etag") : throw new HttpRequestException("Connection refused");
        }, null, null, CancellationToken.None, waitedForTurn: () => waited);

        Assert.Equal("etag", etag);
        Assert.Equal(9, tries);
    }

    [Fact]
    public async Task Without_subtracting_the_wait_the_same_part_is_given_up()
    {
        var clock = new FakeClock();
        var tries = 0;
        var retrier = new Retrier(NoWaits, new PauseGate(clock), clock);

        var error = await Assert.ThrowsAsync<BuildPeerException>(() => retrier.RunAsync("part 6 of plano.pdf", _ =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            return ++tries > 8 ? Task.FromResult("etag") : throw new HttpRequestException("Connection refused");
        }, null, null, CancellationToken.None));

        Assert.Contains("gave up after 6 tries", error.Message);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
