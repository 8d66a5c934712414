namespace BuildPeer.Client.Retries;

/// <summary>
/// The design's retry policy as a pure function: after the first try, up to five retries waiting 1, 2, 4, 8
/// and 16 s; a 403 from storage (an expired presigned URL) re-signs and retries at once; a 429 pauses for
/// Retry-After (or the backoff when absent); other client errors are final. When there is no answer at all (no
/// signal, a reset, a refused connection) it keeps trying every 16 s for <see cref="NetworkGrace"/> from the
/// request's first failure: a site link that drops for 20 s outlasts five quick retries (benchmark 6). A try cut off
/// mid-way (see <see cref="WasCutMidway"/>) starts the count over, at most <see cref="MaxCutsMidway"/> times: on a site
/// link a 5 MiB part can take two minutes, and a drop after it was nearly through is not the outage before it going on.
/// </summary>
public sealed record RetryPolicy(IReadOnlyList<TimeSpan> Backoff, TimeSpan MaxRetryAfter, int MaxResigns = 2, TimeSpan NetworkGrace = default,
    int MaxCutsMidway = 10)
{
    public static RetryPolicy Default { get; } = new(
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16)],
        MaxRetryAfter: TimeSpan.FromMinutes(5), NetworkGrace: TimeSpan.FromMinutes(3));

    public int MaxRetries => Backoff.Count;

    /// <summary>How long a try must have been sending before a lost connection counts as a cut.</summary>
    public TimeSpan CutAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether a try that got no answer was cut off mid-transfer: some of its bytes went up and it had been sending for
    /// <see cref="CutAfter"/>. During a drop a connection can be accepted and reset at once, after the first bytes of
    /// the body were buffered: that is the outage going on, not a new cut, and must not start the retries over (it
    /// used up the cuts of the CLI's 50 MB plan in benchmark 6 run 4).
    /// </summary>
    public bool WasCutMidway(long bytesSent, TimeSpan sendingFor) => bytesSent > 0 && sendingFor >= CutAfter;

    /// <param name="failedAttempts">Tries that failed so far, this one included (1 after the first failure).</param>
    /// <param name="resigns">How many times this request's URL was already re-signed.</param>
    /// <param name="canResign">Whether the request goes to a presigned URL that the API can sign again.</param>
    /// <param name="failingFor">Time since this request's first failure, less any time it waited for its turn to send.</param>
    public RetryDecision Decide(int failedAttempts, int resigns, AttemptFailure failure, bool canResign, TimeSpan failingFor = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        if (!IsTransient(failure, canResign))
            return RetryDecision.GiveUp(failure.ToString());
        if (failedAttempts > MaxRetries)
        {
            return failure.StatusCode is null && failingFor < NetworkGrace
                ? new RetryDecision(RetryAction.Retry, Backoff[^1], $"no connection for {failingFor.TotalSeconds:0} s ({failure}); still trying")
                : RetryDecision.GiveUp($"gave up after {failedAttempts} tries; last: {failure}");
        }

        var backoff = Backoff[failedAttempts - 1];
        return failure.StatusCode switch
        {
            403 when resigns >= MaxResigns => RetryDecision.GiveUp($"still refused after {resigns} fresh URLs: {failure}"),
            403 => new RetryDecision(RetryAction.Resign, TimeSpan.Zero, $"URL refused ({failure}); signing a fresh one"),
            429 => new RetryDecision(RetryAction.Pause, Clamp(failure.RetryAfter) ?? backoff, $"rate limited ({failure})"),
            _ => new RetryDecision(RetryAction.Retry, Clamp(failure.RetryAfter) ?? backoff, failure.ToString()),
        };
    }

    private static bool IsTransient(AttemptFailure failure, bool canResign) => failure.StatusCode switch
    {
        null => true,                                   // connection refused, reset, cut, timed out
        403 => canResign,
        408 or 429 or 500 or 502 or 503 or 504 => true,
        400 => failure.ErrorCode == "RequestTimeout",   // S3: the body did not arrive in time
        _ => false,
    };

    private TimeSpan? Clamp(TimeSpan? retryAfter) =>
        retryAfter is { } value ? TimeSpan.FromTicks(Math.Clamp(value.Ticks, 0, MaxRetryAfter.Ticks)) : null;
}
