namespace BuildPeer.Bench.Measure;

public static class Workers
{
    /// <summary>Runs <paramref name="work"/> for items 0..count-1 on <paramref name="concurrency"/> workers pulling from one counter.</summary>
    public static Task RunAsync(int count, int concurrency, Func<int, Task> work, CancellationToken ct = default)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Math.Max(1, Math.Min(concurrency, count))).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                ct.ThrowIfCancellationRequested();
                await work(i);
            }
        }, ct)));
    }
}
