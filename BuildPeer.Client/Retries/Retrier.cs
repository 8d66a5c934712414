namespace BuildPeer.Client.Retries;

/// <summary>Runs a request's tries under a <see cref="RetryPolicy"/>, waiting at a shared <see cref="PauseGate"/> first.</summary>
public sealed class Retrier(RetryPolicy policy, PauseGate gate, TimeProvider clock)
{
    public RetryPolicy Policy => policy;

    public TimeProvider Clock => clock;

    /// <param name="resign">Gets a fresh presigned URL; null when the request cannot be re-signed.</param>
    /// <param name="cutMidway">
    /// Whether the try that just failed was cut off after some of its bytes went up. Such a failure is a new drop, not
    /// the same outage going on: the retries start over (up to <see cref="RetryPolicy.MaxCutsMidway"/> times), so a
    /// part that was getting through when a drop came is not given up for the minutes it spent sending.
    /// </param>
    /// <param name="waitedForTurn">
    /// How long this request's tries have waited, in all, for a place to send (a part behind the others in a narrowed
    /// send window). That wait is not the link failing, so it does not count towards the policy's network grace.
    /// </param>
    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> attempt, Func<CancellationToken, Task>? resign,
        Action<RetryNotice>? onRetry, CancellationToken ct, Func<bool>? cutMidway = null, Func<TimeSpan>? waitedForTurn = null)
    {
        var firstFailure = default(DateTimeOffset?);
        var waitedBeforeFirstFailure = TimeSpan.Zero;
        for (int failed = 0, resigns = 0, cuts = 0; ;)
        {
            await gate.WaitAsync(ct);
            AttemptFailure failure;
            try
            {
                return await attempt(ct);
            }
            catch (RequestFailedException e) { failure = e.Failure; }
            catch (HttpRequestException e) { failure = AttemptFailure.Network(Describe(e)); }
            catch (IOException e) { failure = AttemptFailure.Network(e.Message); }
            catch (System.Net.Sockets.SocketException e) { failure = AttemptFailure.Network(e.Message); }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested) { failure = AttemptFailure.Network("timed out: " + e.Message); }

            if (failure.StatusCode is null && cutMidway?.Invoke() == true && cuts < policy.MaxCutsMidway)
            {
                cuts++;
                failed = 0;
                firstFailure = null;
            }
            failed++;
            if (firstFailure is null)
            {
                firstFailure = clock.GetUtcNow();
                waitedBeforeFirstFailure = waitedForTurn?.Invoke() ?? TimeSpan.Zero;
            }
            var waited = (waitedForTurn?.Invoke() ?? TimeSpan.Zero) - waitedBeforeFirstFailure;
            var decision = policy.Decide(failed, resigns, failure, resign is not null, clock.GetUtcNow() - firstFailure.Value - waited);
            onRetry?.Invoke(new RetryNotice(what, failed, decision, failure));
            switch (decision.Action)
            {
                case RetryAction.GiveUp:
                    throw new BuildPeerException($"{what} failed: {decision.Reason}", failure.StatusCode, failed);
                case RetryAction.Resign:
                    resigns++;
                    await resign!(ct);
                    break;
                case RetryAction.Pause:
                    gate.PauseFor(decision.Delay);
                    break;
                default:
                    await Task.Delay(decision.Delay, clock, ct);
                    break;
            }
        }
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
}
