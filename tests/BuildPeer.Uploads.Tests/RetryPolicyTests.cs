using BuildPeer.Messaging;

namespace BuildPeer.Uploads.Tests;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new RetryPolicy()
        .OnException<TimeoutException>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    [Fact]
    public void Transient_failures_get_each_cooldown_in_turn_then_the_dead_letter_queue()
    {
        Assert.Equal(new FailureAction.RetryAfter(TimeSpan.FromSeconds(1)), Policy.Decide(new TimeoutException(), 1));
        Assert.Equal(new FailureAction.RetryAfter(TimeSpan.FromSeconds(30)), Policy.Decide(new TimeoutException(), 3));
        Assert.IsType<FailureAction.MoveToDeadLetterQueue>(Policy.Decide(new TimeoutException(), 4));
    }

    [Fact]
    public void An_exception_no_rule_matches_is_dead_lettered_at_once_like_wolverines_default() =>
        Assert.IsType<FailureAction.MoveToDeadLetterQueue>(Policy.Decide(new InvalidOperationException(), 1));

    [Fact]
    public void Rules_match_inner_exceptions() =>
        Assert.IsType<FailureAction.RetryAfter>(Policy.Decide(new AggregateException(new TimeoutException()), 1));
}
