using System.Collections.Concurrent;

namespace BuildPeer.Client.Transfers;

/// <summary>At most <c>count</c> part buffers exist at once: memory stays ≤ parallelism × part size however big the file.</summary>
internal sealed class PartBuffers(int count, int size) : IDisposable
{
    private readonly SemaphoreSlim _free = new(count, count);
    private readonly ConcurrentBag<byte[]> _pool = [];
    private int _allocated;

    public int Allocated => Volatile.Read(ref _allocated);

    public async Task<byte[]> RentAsync(CancellationToken ct)
    {
        await _free.WaitAsync(ct);
        if (_pool.TryTake(out var buffer)) return buffer;
        Interlocked.Increment(ref _allocated);
        return new byte[size];
    }

    public void Return(byte[] buffer)
    {
        _pool.Add(buffer);
        _free.Release();
    }

    public void Dispose() => _free.Dispose();
}
