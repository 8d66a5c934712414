namespace BuildPeer.Client.Transfers;

/// <summary>
/// How many of one file's parts go up at once, adapted to the link like TCP's congestion window. A drop cuts every
/// part in flight; it halves the window only when fewer than a window's worth of parts arrived since the drop before
/// (the window was too wide to fit between drops), and once per drop: parts that started before it was counted were cut
/// by the same drop. Each window's worth of parts that arrive widens it by one, up to the configured parallelism. On a
/// site link that drops every few minutes, four parts sharing 1 Mbit/s never finish between two drops; two do
/// (benchmark 6); a window that got its parts through between two drops is not halved by the next one. A refused
/// connection halves nothing: it says there is no link, not how wide it is.
/// </summary>
internal sealed class SendWindow(int max)
{
    private readonly int _max = max;
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();
    private int _limit = max;
    private int _inFlight;
    private int _arrivedSinceChange;
    private int _arrivedSinceDrop;
    private long _generation;

    /// <summary>A part's place in the window; <see cref="Generation"/> tells which halving it started after.</summary>
    public readonly record struct Slot(long Generation);

    public int Limit { get { lock (_lock) return _limit; } }

    public async Task<Slot> EnterAsync(CancellationToken ct)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_inFlight < _limit)
                {
                    _inFlight++;
                    return new Slot(_generation);
                }
                changed = _changed.Task;
            }
            await changed.WaitAsync(ct);
        }
    }

    /// <param name="arrived">The part was stored.</param>
    /// <param name="cutMidway">The connection failed after some of the part had gone up.</param>
    public void Exit(Slot slot, bool arrived, bool cutMidway)
    {
        TaskCompletionSource wake;
        lock (_lock)
        {
            _inFlight--;
            if (arrived)
            {
                _arrivedSinceDrop++;
                if (++_arrivedSinceChange >= _limit && _limit < _max)
                {
                    _limit++;
                    _arrivedSinceChange = 0;
                }
            }
            else if (cutMidway && slot.Generation == _generation)
            {
                if (_arrivedSinceDrop < _limit)
                {
                    _limit = Math.Max(1, _limit / 2);
                    _arrivedSinceChange = 0;
                }
                _generation++;
                _arrivedSinceDrop = 0;
            }
            wake = _changed;
            _changed = NewSignal();
        }
        wake.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
