using BuildPeer.Data.Streams;
using Marten;
using Marten.Services;
using Npgsql;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.RDBMS;
using Wolverine.Runtime;

namespace BuildPeer.Data;

/// <summary>
/// One tenant's unit of work: one connection and one transaction, in which a Marten session (events, the inline
/// UploadStatus projection) is enlisted next to the relational SQL of the same request (users, projects, audit, the
/// outbox). The tenant id is set for the transaction, so row-level security filters every statement, Marten's or ours.
/// Nothing is written until <see cref="SaveChangesAsync"/> commits (the session owns the commit, not Marten: a request
/// that wrote only relational rows commits too); after-commit actions run only once it has.
/// </summary>
public sealed class TenantSession : IAsyncDisposable
{
    private readonly List<Func<TenantSession, CancellationToken, Task>> _beforeCommit = [];
    private readonly List<Func<Task>> _afterCommit = [];
    private readonly List<object> _published = [];
    private readonly IWolverineRuntime? _messaging;
    private readonly MessagingReadiness? _messagingReady;
    private bool _saved;

    private TenantSession(NpgsqlConnection connection, NpgsqlTransaction transaction, IDocumentSession documents, Guid tenantId,
        IWolverineRuntime? messaging, MessagingReadiness? messagingReady)
    {
        _messaging = messaging;
        _messagingReady = messagingReady;
        Connection = connection;
        Transaction = transaction;
        Documents = documents;
        TenantId = tenantId;
    }

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }
    public IDocumentSession Documents { get; }
    public Guid TenantId { get; }
    public Marten.Events.IEventStoreOperations Events => Documents.Events;

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

    internal static async Task<TenantSession> OpenAsync(IDocumentStore store, NpgsqlDataSource dataSource, IWolverineRuntime? messaging, MessagingReadiness? messagingReady,
        Guid tenantId, CancellationToken ct)
    {
        if (tenantId == Guid.Empty) throw new ArgumentException("A session needs a tenant.", nameof(tenantId));
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            await using (var set = new NpgsqlCommand($"select set_config('{UploadStreamStore.TenantSetting}', @tenant, true)", connection, transaction))
            {
                set.Parameters.AddWithValue("tenant", UploadStreamStore.TenantIdOf(tenantId));
                await set.ExecuteNonQueryAsync(ct);
            }
            var options = SessionOptions.ForTransaction(transaction, shouldAutoCommit: false);
            options.TenantId = UploadStreamStore.TenantIdOf(tenantId);
            return new TenantSession(connection, transaction, store.LightweightSession(options), tenantId, messaging, messagingReady);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Appends to an upload stream that was at <paramref name="readVersion"/> when its status was read; if another
    /// writer appended since, saving throws Marten's EventStreamUnexpectedMaxEventIdException and writes nothing.
    /// </summary>
    public void AppendAt(Guid uploadId, long readVersion, params object[] events) =>
        Documents.Events.Append(uploadId, readVersion + events.Length, events);

    /// <summary>
    /// Sends a message through Wolverine's durable outbox, for this tenant: its envelope is written in this transaction
    /// and leaves only after the commit (if the process dies first, Wolverine's durability agent sends it later).
    /// </summary>
    public void Publish(object message)
    {
        if (_messaging is null) throw new InvalidOperationException("This session was opened without Wolverine; it cannot publish.");
        _published.Add(message);
    }

    /// <summary>Work to write in the same transaction just before it commits.</summary>
    public void BeforeCommit(Func<TenantSession, CancellationToken, Task> work) => _beforeCommit.Add(work);

    /// <summary>Runs after a successful commit.</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(() => { action(); return Task.CompletedTask; });

    /// <summary>Async work after a successful commit (e.g. remove an object the committed state no longer points at).</summary>
    public void AfterCommit(Func<Task> action) => _afterCommit.Add(action);

    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);

    public async Task SaveChangesAsync(CancellationToken ct = default)
    {
        if (_saved) throw new InvalidOperationException("This session was already saved.");
        foreach (var work in _beforeCommit) await work(this, ct);
        var outbox = await WriteOutboxAsync(ct);
        await Documents.SaveChangesAsync(ct);
        await Transaction.CommitAsync(ct);
        _saved = true;
        if (outbox is not null) await outbox.FlushOutgoingMessagesAsync();
        foreach (var action in _afterCommit) await action();
    }

    private async Task<MessageContext?> WriteOutboxAsync(CancellationToken ct)
    {
        if (_published.Count == 0) return null;
        if (_messagingReady is not null) await _messagingReady.WaitAsync(ct);
        var tenant = UploadStreamStore.TenantIdOf(TenantId);
        var outbox = new MessageContext(_messaging!) { TenantId = tenant };
        await outbox.EnlistInOutboxAsync(new DatabaseEnvelopeTransaction((IMessageDatabase)_messaging!.Storage, Transaction));
        foreach (var message in _published) await outbox.PublishAsync(message, new DeliveryOptions { TenantId = tenant });
        return outbox;
    }

    public async ValueTask DisposeAsync()
    {
        // Roll back first: Marten resets its tenant setting when disposed, which an aborted transaction would refuse.
        if (!_saved)
        {
            try { await Transaction.RollbackAsync(); } catch (Exception) { /* a broken connection ends the transaction itself */ }
        }
        try { await Documents.DisposeAsync(); }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException) { /* the connection broke: nothing left to reset */ }
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
