using Npgsql;

namespace BuildPeer.Api.Ops;

/// <summary>A failed or quarantined upload. For an operator (all tenants) the file and project names are left out.</summary>
public sealed record OpsFailure(Guid UploadId, Guid TenantId, string? TenantName, Guid ProjectId, string? ProjectName, string? FileName, string Status,
    string? FailedStage, string? Reason, DateTimeOffset At, string ReasonCode, IReadOnlyDictionary<string, string> ReasonParams)
{
    public OpsFailure WithoutTenantData(string? tenantName) => this with { TenantName = tenantName, ProjectName = null, FileName = null };
}

/// <summary>
/// Calls the ops functions of migration 005. They aggregate across tenants (row-level security would hide them from
/// the sampler), so every caller passes the tenant it may see, or null only for the exported all-tenant gauges.
/// </summary>
public static class OpsQueries
{
    public static async Task<IReadOnlyList<OpsActivityRow>> ActivityAsync(NpgsqlDataSource db, Guid? tenantId, DateTimeOffset since, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            select tenant_id, tenant_name, project_id, project_name, status, size,
                   requested_at, received_at, scanned_at, processed_at, failed_at, updated_at
            from ops_upload_activity(@tenant, @since)
            """);
        cmd.Parameters.Add(new NpgsqlParameter<Guid?>("tenant", NpgsqlTypes.NpgsqlDbType.Uuid) { TypedValue = tenantId });
        cmd.Parameters.AddWithValue("since", since);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<OpsActivityRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new OpsActivityRow(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), NullableString(reader, 3),
                reader.GetString(4), reader.GetInt64(5), Time(reader, 6), Time(reader, 7), Time(reader, 8), Time(reader, 9), Time(reader, 10),
                reader.GetFieldValue<DateTimeOffset>(11)));
        }
        return rows;
    }

    /// <param name="tenantId">Null: every tenant (operators).</param>
    public static async Task<IReadOnlyList<OpsFailure>> RecentFailuresAsync(NpgsqlDataSource db, Guid? tenantId, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            select upload_id, tenant_id, project_id, project_name, file_name, status, failed_stage, reason, at, reason_code, reason_params
            from ops_recent_failures(@tenant, @limit)
            """);
        cmd.Parameters.Add(new NpgsqlParameter<Guid?>("tenant", NpgsqlTypes.NpgsqlDbType.Uuid) { TypedValue = tenantId });
        cmd.Parameters.AddWithValue("limit", limit);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<OpsFailure>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new OpsFailure(reader.GetGuid(0), reader.GetGuid(1), null, reader.GetGuid(2), NullableString(reader, 3), reader.GetString(4),
                reader.GetString(5), NullableString(reader, 6), NullableString(reader, 7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetString(9), ParametersOf(reader.GetString(10))));
        }
        return rows;
    }

    // Parameter values are strings; anything else (a hand-edited row) is shown as its JSON text.
    private static Dictionary<string, string> ParametersOf(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, System.Text.Json.JsonElement>>(json)!
            .ToDictionary(p => p.Key, p => p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());

    private static string? NullableString(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
