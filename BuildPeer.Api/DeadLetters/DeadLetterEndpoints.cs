using BuildPeer.Api.Audit;
using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Data;
using BuildPeer.Messaging;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.DeadLetters;

public sealed record DiscardRequest(string? Reason);

public sealed record ReplayAllResult(int Replayed);

/// <summary>Operators list dead letters with their error and attempts, replay one or all, or discard one with a reason; each action is audited.</summary>
public static class DeadLetterEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var ops = api.MapGroup("/ops/dead-letters");
        ops.MapGet("", ListAsync).WithName("ListDeadLetters")
            .WithSummary("Dead letters with their error and attempts, newest first (operador)").Produces<List<DeadLetterRow>>()
            .ProducesValidation().ProducesProblems(StatusCodes.Status403Forbidden);
        ops.MapPost("/{id:guid}/replay", ReplayAsync).WithName("ReplayDeadLetter")
            .WithSummary("Send a dead letter to the pipeline again (operador)").Produces(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound).ProducesConflicts("Already resolved");
        ops.MapPost("/replay-all", ReplayAllAsync).WithName("ReplayAllDeadLetters")
            .WithSummary("Replay every dead letter (operador)").Produces<ReplayAllResult>().ProducesProblems(StatusCodes.Status403Forbidden);
        ops.MapPost("/{id:guid}/discard", DiscardAsync).WithName("DiscardDeadLetter")
            .WithSummary("Discard a dead letter with a reason (operador)").Produces(StatusCodes.Status204NoContent)
            .ProducesValidation().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound).ProducesConflicts("Already resolved");
    }

    public static async Task<IResult> ListAsync(HttpContext http, NpgsqlDataSource db, string? state, int? limit, CancellationToken ct)
    {
        if (OperatorOnly(http) is { } denied) return denied;
        if (state is not (null or "dead" or "replayed" or "discarded"))
            return Problems.Validation(new() { ["state"] = ["state must be dead, replayed or discarded."] });
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<DeadLetterRow>(new CommandDefinition(
            $"select {DeadLetterRow.Columns} from dead_letters_list(@state, @limit)", new { state, limit = Math.Clamp(limit ?? 100, 1, 500) }, cancellationToken: ct));
        return Results.Ok(rows);
    }

    public static async Task<IResult> ReplayAsync(Guid id, HttpContext http, NpgsqlDataSource db, TenantSessions store, DurableOutbox outbox,
        DeadLetterQueueCleaner cleaner, IOptions<MessagingOptions> messaging, TimeProvider clock, CancellationToken ct)
    {
        if (OperatorOnly(http) is { } denied) return denied;
        var row = await LoadAsync(db, id, ct);
        if (row is null) return Problems.NotFound($"Dead letter {id}");
        if (row.State != "dead") return Problems.Conflict("Already resolved", $"This dead letter was {row.State}.");
        await ReplayRowAsync(row, http, store, outbox, messaging.Value, clock, ct);
        await cleaner.RemoveAsync(row.Id, ct);
        return Results.Accepted();
    }

    public static async Task<IResult> ReplayAllAsync(HttpContext http, NpgsqlDataSource db, TenantSessions store, DurableOutbox outbox,
        DeadLetterQueueCleaner cleaner, IOptions<MessagingOptions> messaging, TimeProvider clock, CancellationToken ct)
    {
        if (OperatorOnly(http) is { } denied) return denied;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<DeadLetterRow>(new CommandDefinition(
            $"select {DeadLetterRow.Columns} from dead_letters_list('dead', 500)", cancellationToken: ct))).ToList();
        foreach (var row in rows)
        {
            await ReplayRowAsync(row, http, store, outbox, messaging.Value, clock, ct);
            await cleaner.RemoveAsync(row.Id, ct);
        }
        return Results.Ok(new ReplayAllResult(rows.Count));
    }

    public static async Task<IResult> DiscardAsync(Guid id, DiscardRequest? request, HttpContext http, NpgsqlDataSource db, TenantSessions store,
        DeadLetterQueueCleaner cleaner, CancellationToken ct)
    {
        if (OperatorOnly(http) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(request?.Reason)) return Problems.Validation(new() { ["reason"] = ["Say why the message is discarded (kept in the audit log)."] });
        var row = await LoadAsync(db, id, ct);
        if (row is null) return Problems.NotFound($"Dead letter {id}");
        if (row.State != "dead") return Problems.Conflict("Already resolved", $"This dead letter was {row.State}.");

        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(row.TenantId, ct);
        await ResolveAsync(session, row.Id, "discarded", user.UserId, request.Reason, ct);
        await AuditLog.WriteAsync(session, http, user, "deadletter.discard", row.Id.ToString(), detail: new { row.UploadId, request.Reason });
        await session.SaveChangesAsync(ct);
        await cleaner.RemoveAsync(row.Id, ct);
        return Results.NoContent();
    }

    private static async Task ReplayRowAsync(DeadLetterRow row, HttpContext http, TenantSessions store, DurableOutbox outbox, MessagingOptions messaging, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(row.TenantId, ct);
        if (row.UploadId is { } uploadId && await UploadStatusQueries.GetAsync(session, uploadId, ct) is { Status: UploadState.Failed } status && status.FailedStage == row.Stage)
            session.AppendAt(uploadId, status.Version, new UploadRetried(uploadId, row.Stage, user.UserId, clock.GetUtcNow()));
        outbox.PublishSerialized(session, row.MessageType, row.Body, messaging.UploadsQueue);
        await ResolveAsync(session, row.Id, "replayed", user.UserId, null, ct);
        await AuditLog.WriteAsync(session, http, user, "deadletter.replay", row.Id.ToString(), detail: new { row.UploadId, row.MessageType });
        await session.SaveChangesAsync(ct);
    }

    private static Task ResolveAsync(TenantSession session, Guid id, string state, Guid by, string? reason, CancellationToken ct) =>
        session.Connection.ExecuteAsync(new CommandDefinition(
            "update dead_letters set state = @state, resolved_by = @by, resolved_at = now(), reason = @reason where id = @id",
            new { state, by, reason, id }, null, cancellationToken: ct));

    private static async Task<DeadLetterRow?> LoadAsync(NpgsqlDataSource db, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DeadLetterRow>(new CommandDefinition(
            $"select {DeadLetterRow.Columns} from dead_letters_get(@id)", new { id }, cancellationToken: ct));
    }

    private static IResult? OperatorOnly(HttpContext http) =>
        CurrentUser.From(http.User).Role == Roles.Operador ? null : Problems.Forbidden("Only BuildPeer operators handle dead letters.");
}
