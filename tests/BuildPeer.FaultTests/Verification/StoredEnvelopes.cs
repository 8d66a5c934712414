using Npgsql;
using Wolverine;
using Wolverine.Runtime.Serialization;

namespace BuildPeer.FaultTests.Verification;

/// <summary>
/// Rows of Wolverine's envelope tables (one schema per service), decoded: the tables have no tenant column, the body is
/// Wolverine's own envelope serialization and carries the tenant, the message and the headers.
/// </summary>
public static class StoredEnvelopes
{
    /// <summary>The pipeline's inbox: only Processing handles messages.</summary>
    public const string Incoming = "wolverine_processing.wolverine_incoming_envelopes";
    public const string DeadLetters = "wolverine_processing.wolverine_dead_letters";
    /// <summary>Both services send: the API its ScanUploads, Processing its ProcessUploads.</summary>
    public const string Outgoing = "(select * from wolverine_api.wolverine_outgoing_envelopes union all select * from wolverine_processing.wolverine_outgoing_envelopes) outgoing";

    /// <summary>The pipeline's messages (ScanUpload, ProcessUpload), whatever alias Wolverine writes for them.</summary>
    public const string PipelineMessages = "(message_type like '%.ScanUpload' or message_type like '%.ProcessUpload')";

    public sealed record Row(Envelope Envelope, byte[] Body, string? ExceptionType);

    /// <summary>Rows of <paramref name="table"/> matching <paramref name="where"/> whose envelope belongs to one of the tenants.</summary>
    public static async Task<List<Row>> ReadAsync(NpgsqlConnection conn, string table, string where, IReadOnlyCollection<Guid> tenants,
        CancellationToken ct, string orderBy = "id")
    {
        var tenantIds = tenants.Select(t => t.ToString("D")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var exception = table == DeadLetters ? "exception_type" : "null";
        await using var cmd = new NpgsqlCommand($"select body, {exception} from {table} where {where} order by {orderBy}", conn);
        var rows = new List<Row>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var body = (byte[])reader[0];
            var envelope = EnvelopeSerializer.Deserialize(body);
            if (envelope.TenantId is { } tenant && tenantIds.Contains(tenant))
                rows.Add(new Row(envelope, body, reader.IsDBNull(1) ? null : reader.GetString(1)));
        }
        return rows;
    }
}
