using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace BuildPeer.EventStore;

/// <summary>Marten's session.Events, reduced to what this system uses.</summary>
public sealed class EventOperations
{
    private readonly DocumentSession _session;
    private readonly List<PendingStream> _pending = [];

    internal EventOperations(DocumentSession session) => _session = session;

    private sealed record PendingStream(Guid StreamId, string? StreamType, bool IsNew, long? ExpectedVersion, IReadOnlyList<object> Events);

    /// <summary>Starts a new stream; saving fails if a stream with this id already exists for the tenant.</summary>
    public void StartStream(Guid streamId, string streamType, params object[] events)
    {
        if (events.Length == 0) throw new ArgumentException("A stream starts with at least one event.", nameof(events));
        _pending.Add(new PendingStream(streamId, streamType, true, null, events));
    }

    /// <summary>Appends to an existing stream at whatever version it has when saved.</summary>
    public void Append(Guid streamId, params object[] events) =>
        _pending.Add(new PendingStream(streamId, null, false, null, events));

    /// <summary>
    /// Appends only if the stream is still at <paramref name="expectedVersion"/> when saved; otherwise
    /// saving throws <see cref="EventStreamUnexpectedMaxEventIdException"/> and nothing is written.
    /// </summary>
    public void Append(Guid streamId, long expectedVersion, params object[] events) =>
        _pending.Add(new PendingStream(streamId, null, false, expectedVersion, events));

    public async Task<IReadOnlyList<StoredEvent>> FetchStreamAsync(Guid streamId, CancellationToken ct = default)
    {
        await using var cmd = _session.CreateCommand("""
            select seq_id, id, stream_id, version, type, data, timestamp, tenant_id, correlation_id, causation_id
            from mt_events where stream_id = @stream order by version
            """);
        cmd.Parameters.AddWithValue("stream", streamId);
        var result = new List<StoredEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var typeName = reader.GetString(4);
            var data = JsonSerializer.Deserialize(reader.GetString(5), _session.Options.Events.TypeOf(typeName), _session.Options.Json)!;
            result.Add(new StoredEvent(reader.GetInt64(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt64(3), typeName, data,
                reader.GetFieldValue<DateTimeOffset>(6), reader.GetGuid(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }
        return result;
    }

    /// <summary>The stream's current version, or null when it does not exist (for this tenant).</summary>
    public async Task<long?> FetchStreamVersionAsync(Guid streamId, CancellationToken ct = default)
    {
        await using var cmd = _session.CreateCommand("select version from mt_streams where id = @id");
        cmd.Parameters.AddWithValue("id", streamId);
        return await cmd.ExecuteScalarAsync(ct) is long v ? v : null;
    }

    internal async Task<IReadOnlyList<StoredEvent>> FlushAsync(CancellationToken ct)
    {
        var stored = new List<StoredEvent>();
        foreach (var pending in _pending)
        {
            var lastVersion = pending.IsNew
                ? await InsertStreamAsync(pending, ct)
                : await BumpStreamAsync(pending, ct);
            var version = lastVersion - pending.Events.Count;
            foreach (var data in pending.Events)
            {
                stored.Add(await InsertEventAsync(pending.StreamId, ++version, data, ct));
            }
        }
        _pending.Clear();
        return stored;
    }

    private async Task<long> InsertStreamAsync(PendingStream pending, CancellationToken ct)
    {
        await using var cmd = _session.CreateCommand("""
            insert into mt_streams (tenant_id, id, type, version, timestamp, created)
            values (@tenant, @id, @type, @version, now(), now())
            on conflict do nothing
            """);
        cmd.Parameters.AddWithValue("tenant", _session.TenantId);
        cmd.Parameters.AddWithValue("id", pending.StreamId);
        cmd.Parameters.AddWithValue("type", pending.StreamType!);
        cmd.Parameters.AddWithValue("version", (long)pending.Events.Count);
        if (await cmd.ExecuteNonQueryAsync(ct) == 0)
            throw new EventStreamUnexpectedMaxEventIdException(pending.StreamId, 0, "a stream with this id already exists");
        return pending.Events.Count;
    }

    private async Task<long> BumpStreamAsync(PendingStream pending, CancellationToken ct)
    {
        // The update locks the stream row until commit, so concurrent appenders serialize here.
        await using var cmd = _session.CreateCommand(pending.ExpectedVersion is null
            ? "update mt_streams set version = version + @count, timestamp = now() where id = @id returning version"
            : "update mt_streams set version = version + @count, timestamp = now() where id = @id and version = @expected returning version");
        cmd.Parameters.AddWithValue("count", (long)pending.Events.Count);
        cmd.Parameters.AddWithValue("id", pending.StreamId);
        if (pending.ExpectedVersion is { } expected) cmd.Parameters.AddWithValue("expected", expected);
        if (await cmd.ExecuteScalarAsync(ct) is long version) return version;

        var actual = await FetchStreamVersionAsync(pending.StreamId, ct);
        throw new EventStreamUnexpectedMaxEventIdException(pending.StreamId, pending.ExpectedVersion,
            actual is null ? "the stream does not exist" : $"the stream is at version {actual}");
    }

    private async Task<StoredEvent> InsertEventAsync(Guid streamId, long version, object data, CancellationToken ct)
    {
        var type = data.GetType();
        var typeName = _session.Options.Events.NameOf(type);
        var id = Guid.CreateVersion7();
        await using var cmd = _session.CreateCommand("""
            insert into mt_events (id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id)
            values (@id, @stream, @version, @data, @type, now(), @tenant, @dotnet, @correlation, @causation)
            returning seq_id, timestamp
            """);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("stream", streamId);
        cmd.Parameters.AddWithValue("version", version);
        cmd.Parameters.AddWithValue("data", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(data, type, _session.Options.Json));
        cmd.Parameters.AddWithValue("type", typeName);
        cmd.Parameters.AddWithValue("tenant", _session.TenantId);
        cmd.Parameters.AddWithValue("dotnet", EventTypeRegistry.DotNetTypeName(type));
        cmd.Parameters.AddWithValue("correlation", (object?)_session.CorrelationId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("causation", (object?)_session.CausationId ?? DBNull.Value);
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new StoredEvent(reader.GetInt64(0), id, streamId, version, typeName, data, reader.GetFieldValue<DateTimeOffset>(1),
                _session.TenantId, _session.CorrelationId, _session.CausationId);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new EventStreamUnexpectedMaxEventIdException(streamId, version - 1, "another writer appended this version first");
        }
    }
}
