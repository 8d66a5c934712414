using BuildPeer.Api.Audit;
using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Data;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Projection;
using Dapper;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Tenancy;

public static class ExportTenantEndpoint
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/tenants/{tenantId:guid}/export", HandleAsync).WithName("ExportTenant")
        .WithSummary("Every record of the company as JSON, with 24-hour download links (constructora)")
        .WithDescription("One JSON object: exportedAt, linksExpireAt, tenant, users, projects, members, uploads (each with its links), events and audit.")
        .Produces<object>().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    /// <summary>Everything the tenant has, as JSON, with 24-hour download links for its files (never for quarantined ones).</summary>
    public static async Task<IResult> HandleAsync(Guid tenantId, HttpContext http, TenantSessions store, ObjectStorage storage, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (tenantId != user.TenantId) return Problems.NotFound($"Tenant {tenantId}");
        if (ConstructoraOnly.Check(user, "export the company's data") is { } denied) return denied;

        await using var session = await store.OpenAsync(user.TenantId, ct);
        async Task<IEnumerable<dynamic>> Rows(string sql) =>
            await session.Connection.QueryAsync(new CommandDefinition(sql, transaction: null, cancellationToken: ct));

        var uploads = (await session.Connection.QueryAsync<string>(new CommandDefinition("select data::text from upload_status order by created_at",
            transaction: null, cancellationToken: ct)))
            .Select(json => System.Text.Json.JsonSerializer.Deserialize<UploadStatus>(json, BuildPeer.Data.Streams.UploadStreamStore.Json)!).ToList();
        var export = new
        {
            exportedAt = DateTimeOffset.UtcNow,
            linksExpireAt = DateTimeOffset.UtcNow.Add(LinkLifetime),
            tenant = (await Rows("select tenant_id, name, slug, storage_quota_bytes, created_at from tenants")).SingleOrDefault(),
            users = await Rows("select id, email, display_name, role, created_at, deleted_at from users order by created_at"),
            projects = await Rows("select id, name, created_at from projects order by created_at"),
            members = await Rows("select project_id, user_id from project_members"),
            uploads = uploads.Select(u => new
            {
                upload = u,
                links = u.Status is UploadState.Scanned or UploadState.Processed
                    ? new[] { ("original", u.OriginalToServe()!, u.FileName) }.Concat(u.Renditions.Select(r => (r.Name, r.ObjectKey, r.Name)))
                        .ToDictionary(x => x.Item1, x => storage.PresignGet(x.Item2, LinkLifetime, x.Item3))
                    : [],
            }),
            events = await Rows("select seq_id, stream_id, version, type, timestamp, data::text as data from uploads.mt_events order by seq_id"),
            audit = await Rows("select id, occurred_at, actor_id, actor_role, ip, action, target, result from audit_log order by id"),
        };
        await AuditLog.WriteAsync(session, http, user, AuditActions.Export, tenantId.ToString(), detail: new { uploads = uploads.Count });
        await session.SaveChangesAsync(ct);
        return Results.Ok(export);
    }
}
