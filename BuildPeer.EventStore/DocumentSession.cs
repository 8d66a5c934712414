using Npgsql;

namespace BuildPeer.EventStore;

/// <summary>
/// A unit of work: pending event appends, inline projections and enlisted writers (the outbox) are
/// written in one transaction by <see cref="SaveChangesAsync"/>; after-commit actions run only once it commits.
/// </summary>
public sealed class DocumentSession : IAsyncDisposable
{
    private readonly List<Func<DocumentSession, CancellationToken, Task>> _beforeCommit = [];
    private readonly List<Func<Task>> _afterCommit = [];
    private bool _completed;

    internal DocumentSession(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, StoreOptions options)
    {
        Connection = connection;
        Transaction = transaction;
        TenantId = tenantId;
        Options = options;
        Events = new EventOperations(this);
    }

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }
    public Guid TenantId { get; }
    public StoreOptions Options { get; }
    public EventOperations Events { get; }
    public string? CorrelationId { get; set; }
    public string? CausationId { get; set; }

    /// <summary>Work to write in the same transaction, after events and projections (e.g. outbox envelopes).</summary>
    public void BeforeCommit(Func<DocumentSession, CancellationToken, Task> work) => _beforeCommit.Add(work);

    /// <summary>Runs after a successful commit (e.g. wake the outbox relay).</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(() => { action(); return Task.CompletedTask; });

    /// <summary>Async work after a successful commit (e.g. remove an object the committed state no longer points at).</summary>
    public void AfterCommit(Func<Task> action) => _afterCommit.Add(action);

    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);

    public async Task SaveChangesAsync(CancellationToken ct = default)
    {
        if (_completed) throw new InvalidOperationException("This session was already saved.");
        var stored = await Events.FlushAsync(ct);
        if (stored.Count > 0)
        {
            foreach (var projection in Options.InlineProjections) await projection.ApplyAsync(this, stored, ct);
        }
        foreach (var work in _beforeCommit) await work(this, ct);
        await Transaction.CommitAsync(ct);
        _completed = true;
        foreach (var action in _afterCommit) await action();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            try { await Transaction.RollbackAsync(); } catch (Exception) { /* connection may be broken; disposing it ends the transaction */ }
        }
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
