using BuildPeer.Data.Streams;
using Marten;
using Npgsql;

namespace BuildPeer.Data;

/// <summary>
/// One tenant's unit of work: a Marten session (events, the inline UploadStatus projection) whose transaction also
/// carries the relational SQL of the same request (users, projects, audit, the outbox). The tenant id is set for the
/// transaction, so row-level security filters every statement, Marten's or ours. Nothing is written until
/// <see cref="SaveChangesAsync"/> commits; after-commit actions run only once it has.
/// </summary>
public sealed class TenantSession : IAsyncDisposable
{
    private readonly List<Func<TenantSession, CancellationToken, Task>> _beforeCommit = [];
    private readonly List<Func<Task>> _afterCommit = [];
    private bool _saved;

    private TenantSession(IDocumentSession documents, Guid tenantId)
    {
        Documents = documents;
        TenantId = tenantId;
    }

    public IDocumentSession Documents { get; }
    public Guid TenantId { get; }
    public Marten.Events.IEventStoreOperations Events => Documents.Events;
    public NpgsqlConnection Connection => Documents.Connection ?? throw new InvalidOperationException("The session's connection is not open.");

    public string? CorrelationId
    {
        get => Documents.CorrelationId;
        set => Documents.CorrelationId = value;
    }

    public string? CausationId
    {
        get => Documents.CausationId;
        set => Documents.CausationId = value;
    }

    internal static async Task<TenantSession> OpenAsync(IDocumentStore store, Guid tenantId, CancellationToken ct)
    {
        if (tenantId == Guid.Empty) throw new ArgumentException("A session needs a tenant.", nameof(tenantId));
        var documents = store.LightweightSession(UploadStreamStore.TenantIdOf(tenantId));
        try
        {
            await documents.BeginTransactionAsync(ct);
            await using var set = new NpgsqlCommand($"select set_config('{UploadStreamStore.TenantSetting}', @tenant, true)", documents.Connection);
            set.Parameters.AddWithValue("tenant", UploadStreamStore.TenantIdOf(tenantId));
            await set.ExecuteNonQueryAsync(ct);
            return new TenantSession(documents, tenantId);
        }
        catch
        {
            await documents.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Appends to an upload stream that was at <paramref name="readVersion"/> when its status was read; if another
    /// writer appended since, saving throws Marten's EventStreamUnexpectedMaxEventIdException and writes nothing.
    /// </summary>
    public void AppendAt(Guid uploadId, long readVersion, params object[] events) =>
        Documents.Events.Append(uploadId, readVersion + events.Length, events);

    /// <summary>Work to write in the same transaction just before it commits (e.g. outbox envelopes).</summary>
    public void BeforeCommit(Func<TenantSession, CancellationToken, Task> work) => _beforeCommit.Add(work);

    /// <summary>Runs after a successful commit (e.g. wake the outbox relay).</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(() => { action(); return Task.CompletedTask; });

    /// <summary>Async work after a successful commit (e.g. remove an object the committed state no longer points at).</summary>
    public void AfterCommit(Func<Task> action) => _afterCommit.Add(action);

    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection);

    public async Task SaveChangesAsync(CancellationToken ct = default)
    {
        if (_saved) throw new InvalidOperationException("This session was already saved.");
        foreach (var work in _beforeCommit) await work(this, ct);
        await Documents.SaveChangesAsync(ct);
        _saved = true;
        foreach (var action in _afterCommit) await action();
    }

    public ValueTask DisposeAsync() => Documents.DisposeAsync();
}
