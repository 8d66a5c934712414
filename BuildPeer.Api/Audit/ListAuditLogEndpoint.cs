using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Data;
using BuildPeer.Uploads.Rules;
using Dapper;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Audit;

public sealed record AuditEntry(long Id, DateTime OccurredAt, Guid? ActorId, string? ActorRole, string? Ip, string Action, string? Target, string Result, string? Detail);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long? NextBefore);

public static class ListAuditLogEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/audit", HandleAsync).WithName("ListAuditLog")
        .WithSummary("The tenant's audit trail, newest first (constructora)").Produces<AuditPage>().ProducesValidation().ProducesProblems(StatusCodes.Status403Forbidden);

    /// <summary>The tenant's audit trail for constructoras, newest first, filtered by action/actor/time, paged by id.</summary>
    public static async Task<IResult> HandleAsync(HttpContext http, TenantSessions store, string? action, Guid? actorId,
        DateTimeOffset? from, DateTimeOffset? to, long? before, int? limit, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (!Roles.SeesAllProjects(user.Role)) return Problems.Forbidden("Only a constructora can read the audit log.");
        var take = limit ?? 100;
        if (take is < 1 or > 500) return Problems.Validation(new() { ["limit"] = ["limit must be between 1 and 500."] });

        await using var session = await store.OpenAsync(user.TenantId, ct);
        var rows = (await session.Connection.QueryAsync<AuditEntry>(new CommandDefinition("""
            select id, occurred_at as OccurredAt, actor_id as ActorId, actor_role as ActorRole, ip, action, target, result, detail::text as Detail
            from audit_log
            where (@action::text is null or action = @action) and (@actorId::uuid is null or actor_id = @actorId)
              and (@from::timestamptz is null or occurred_at >= @from) and (@to::timestamptz is null or occurred_at < @to)
              and (@before::bigint is null or id < @before)
            order by id desc limit @take
            """, new { action, actorId, from, to, before, take = take + 1 }, null, cancellationToken: ct))).ToList();
        var page = rows.Take(take).ToList();
        return Results.Ok(new AuditPage(page, rows.Count > take ? page[^1].Id : null));
    }
}
