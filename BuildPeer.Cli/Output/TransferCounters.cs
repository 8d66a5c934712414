using System.Collections.Concurrent;

namespace BuildPeer.Cli.Output;

/// <summary>Bytes done per file and in total, fed from several threads; a failed try subtracts what it had counted.</summary>
public sealed class TransferCounters
{
    private readonly ConcurrentDictionary<string, long> _done = new();
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public long Of(string path) => _done.GetValueOrDefault(path);

    /// <returns>The file's new count.</returns>
    public long Add(string path, long delta)
    {
        Interlocked.Add(ref _total, delta);
        return _done.AddOrUpdate(path, delta, (_, current) => current + delta);
    }
}
