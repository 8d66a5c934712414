using BuildPeer.Data;
using Npgsql;
using Wolverine.Persistence.Durability;

namespace BuildPeer.Api.DeadLetters;

/// <summary>
/// The pipeline's dead letters: Wolverine's dead-letter table in Processing's message schema, reached through
/// Wolverine's own store on the API's (app-role) data source. A replayed one is moved back to Processing's inbox by
/// Processing's durability agent, so it is handled by a node that listens to the queue.
/// </summary>
public sealed class PipelineDeadLetters(NpgsqlDataSource db, DatabaseSettings settings) : IDisposable
{
    private readonly DetachedMessageStore _store = DetachedMessageStore.Open(db, MessageStorageSchema.Processing(settings));

    public IDeadLetters Letters => _store.Store.DeadLetters;

    public void Dispose() => _store.Dispose();
}
