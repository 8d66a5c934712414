using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Tests;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = RetryPolicy.Default;
    private static readonly AttemptFailure Reset = AttemptFailure.Network("connection reset by peer");

    [Fact]
    public void Network_failures_back_off_1_2_4_8_16_seconds_then_keep_trying_every_16_s_until_the_grace_ends()
    {
        var delays = Enumerable.Range(1, 5).Select(n => Policy.Decide(n, 0, Reset, canResign: true, TimeSpan.FromSeconds(n))).ToList();

        Assert.All(delays, d => Assert.Equal(RetryAction.Retry, d.Action));
        Assert.Equal([1, 2, 4, 8, 16], delays.Select(d => d.Delay.TotalSeconds));
        var sixth = Policy.Decide(6, 0, Reset, canResign: true, failingFor: TimeSpan.FromSeconds(31));
        Assert.Equal(RetryAction.Retry, sixth.Action);
        Assert.Equal(TimeSpan.FromSeconds(16), sixth.Delay);
        var late = Policy.Decide(14, 0, Reset, canResign: true, failingFor: TimeSpan.FromMinutes(3));
        Assert.Equal(RetryAction.GiveUp, late.Action);
        Assert.Contains("14 tries", late.Reason);
        Assert.Contains("connection reset", late.Reason);
    }

    [Fact]
    public void Server_errors_get_the_five_retries_only()
    {
        var sixth = Policy.Decide(6, 0, new AttemptFailure(503, "Slow Down"), canResign: false, failingFor: TimeSpan.FromSeconds(31));

        Assert.Equal(RetryAction.GiveUp, sixth.Action);
        Assert.Contains("6 tries", sixth.Reason);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(408)]
    public void Server_errors_are_retried_with_the_backoff(int status)
    {
        var decision = Policy.Decide(3, 0, new AttemptFailure(status, "boom"), canResign: false);
        Assert.Equal(RetryAction.Retry, decision.Action);
        Assert.Equal(TimeSpan.FromSeconds(4), decision.Delay);
    }

    [Fact]
    public void A_503_with_retry_after_waits_what_the_server_asked()
    {
        var decision = Policy.Decide(1, 0, new AttemptFailure(503, "SlowDown", TimeSpan.FromSeconds(7)), canResign: false);
        Assert.Equal(TimeSpan.FromSeconds(7), decision.Delay);
    }

    [Fact]
    public void A_403_from_storage_re_signs_at_once_but_not_forever()
    {
        var expired = new AttemptFailure(403, "AccessDenied Request has expired");

        var first = Policy.Decide(1, 0, expired, canResign: true);
        Assert.Equal(RetryAction.Resign, first.Action);
        Assert.Equal(TimeSpan.Zero, first.Delay);
        Assert.Equal(RetryAction.GiveUp, Policy.Decide(3, Policy.MaxResigns, expired, canResign: true).Action);
    }

    [Fact]
    public void A_403_from_the_api_is_final()
    {
        var decision = Policy.Decide(1, 0, new AttemptFailure(403, "Only the person who started this upload can change it."), canResign: false);
        Assert.Equal(RetryAction.GiveUp, decision.Action);
        Assert.Contains("Only the person", decision.Reason);
    }

    [Fact]
    public void A_429_pauses_for_retry_after_or_the_backoff_and_caps_absurd_waits()
    {
        Assert.Equal((RetryAction.Pause, TimeSpan.FromSeconds(30)),
            Pick(Policy.Decide(1, 0, new AttemptFailure(429, "Too many", TimeSpan.FromSeconds(30)), canResign: true)));
        Assert.Equal((RetryAction.Pause, TimeSpan.FromSeconds(2)),
            Pick(Policy.Decide(2, 0, new AttemptFailure(429, "Too many"), canResign: true)));
        Assert.Equal(Policy.MaxRetryAfter,
            Policy.Decide(1, 0, new AttemptFailure(429, "Too many", TimeSpan.FromDays(1)), canResign: true).Delay);
    }

    [Theory]
    [InlineData(400, null)]
    [InlineData(404, null)]
    [InlineData(409, null)]
    [InlineData(413, null)]
    [InlineData(401, null)]
    public void Client_errors_are_final(int status, string? code) =>
        Assert.Equal(RetryAction.GiveUp, Policy.Decide(1, 0, new AttemptFailure(status, "no", ErrorCode: code), canResign: true).Action);

    [Fact]
    public void An_s3_request_timeout_400_is_retried() =>
        Assert.Equal(RetryAction.Retry, Policy.Decide(1, 0, new AttemptFailure(400, "RequestTimeout", ErrorCode: "RequestTimeout"), canResign: true).Action);

    [Theory]
    [InlineData(65_536, 5, false)]      // accepted and reset at once during a drop, after the body's first bytes were buffered
    [InlineData(0, 30_000, false)]      // never got a byte out
    [InlineData(65_536, 30_000, true)]  // had been sending for half a minute when the drop came
    public void Only_a_try_that_was_sending_for_a_while_counts_as_cut_midway(long bytesSent, int sendingForMs, bool cut) =>
        Assert.Equal(cut, Policy.WasCutMidway(bytesSent, TimeSpan.FromMilliseconds(sendingForMs)));

    private static (RetryAction, TimeSpan) Pick(RetryDecision d) => (d.Action, d.Delay);
}
