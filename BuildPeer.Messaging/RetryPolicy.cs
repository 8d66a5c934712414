namespace BuildPeer.Messaging;

public abstract record FailureAction
{
    public sealed record RetryAfter(TimeSpan Cooldown) : FailureAction;
    public sealed record MoveToDeadLetterQueue : FailureAction;
}

/// <summary>
/// Explicit error handling, as Wolverine's policies: exceptions that match a rule are retried after each
/// cooldown in turn; when the cooldowns run out, or an exception matches no rule, the message is dead-lettered.
/// </summary>
public sealed class RetryPolicy
{
    private readonly List<(Func<Exception, bool> Matches, TimeSpan[] Cooldowns)> _rules = [];

    public RetryPolicy OnException(Func<Exception, bool> matches, params TimeSpan[] cooldowns)
    {
        _rules.Add((matches, cooldowns));
        return this;
    }

    public RetryPolicy OnException<TException>(params TimeSpan[] cooldowns) where TException : Exception =>
        OnException(e => e is TException, cooldowns);

    /// <param name="attempt">1 for the first delivery.</param>
    public FailureAction Decide(Exception error, int attempt)
    {
        foreach (var (matches, cooldowns) in _rules)
        {
            if (!Matches(matches, error)) continue;
            return attempt <= cooldowns.Length
                ? new FailureAction.RetryAfter(cooldowns[attempt - 1])
                : new FailureAction.MoveToDeadLetterQueue();
        }
        return new FailureAction.MoveToDeadLetterQueue();
    }

    private static bool Matches(Func<Exception, bool> matches, Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (matches(e)) return true;
        return false;
    }
}
