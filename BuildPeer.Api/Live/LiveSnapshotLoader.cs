using System.Collections.Concurrent;
using BuildPeer.Data;

namespace BuildPeer.Api.Live;

/// <summary>
/// Loads the upload a notification names, as of that notification's event, once per change however many
/// subscribers on this instance want it: they all receive it at the same moment, so their loads share one query.
/// </summary>
public sealed class LiveSnapshotLoader(TenantSessions store)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<(Guid UploadId, long Sequence), Lazy<Task<UploadSnapshot?>>> _loading = new();

    public Task<UploadSnapshot?> LoadAsync(UploadChange change, CancellationToken ct)
    {
        var key = (change.UploadId, change.LastSequence);
        var load = _loading.GetOrAdd(key, _ => new Lazy<Task<UploadSnapshot?>>(() => LoadOnceAsync(change, key)));
        return load.Value.WaitAsync(ct);
    }

    private async Task<UploadSnapshot?> LoadOnceAsync(UploadChange change, (Guid, long) key)
    {
        try
        {
            // Not the subscriber's token: one subscriber leaving must not cancel the load the others wait for.
            using var timeout = new CancellationTokenSource(Timeout);
            await using var session = await store.OpenAsync(change.TenantId, timeout.Token);
            return await LiveQueries.AsOfAsync(session, change.UploadId, change.LastSequence, timeout.Token);
        }
        finally
        {
            _loading.TryRemove(key, out _);
        }
    }
}
