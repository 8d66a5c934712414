using System.Text.Json;
using BuildPeer.Api.Audit;
using BuildPeer.Api.Auth;
using BuildPeer.Uploads.Rules;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.OpenApi;
using BuildPeer.Data;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Messages;
using BuildPeer.Uploads.Projection;
using Dapper;
using Npgsql;
using Wolverine.Persistence.Durability.DeadLetterManagement;

namespace BuildPeer.Api.DeadLetters;

public sealed record DiscardRequest(string? Reason);

public sealed record ReplayAllResult(int Replayed);

/// <summary>
/// Operators list dead letters with their error and attempts, replay one or all, or discard one with a reason; each
/// action is audited. The dead letters are the pipeline's, in Wolverine's table (PipelineDeadLetters: a replayed one goes back to Processing's
/// inbox, a discarded one is deleted); what operators decided stays in dead_letters, which also keeps the dead letters
/// of the hand-made pipeline before Wolverine (replayable here through the outbox).
/// </summary>
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

    public static async Task<IResult> ListAsync(HttpContext http, NpgsqlDataSource db, PipelineDeadLetters pipeline, string? state, int? limit, CancellationToken ct)
    {
        if (OperatorOnly(http) is { } denied) return denied;
        if (state is not (null or "dead" or "replayed" or "discarded"))
            return Problems.Validation(new() { ["state"] = ["state must be dead, replayed or discarded."] });
        var max = Math.Clamp(limit ?? 100, 1, 500);
        var rows = new List<DeadLetterRow>();
        if (state is null or "dead") rows.AddRange(await WolverineDeadLettersAsync(pipeline, max, ct));
        await using var conn = await db.OpenConnectionAsync(ct);
        rows.AddRange(await conn.QueryAsync<DeadLetterRow>(new CommandDefinition(
            $"select {DeadLetterRow.Columns} from dead_letters_list(@state, @limit)", new { state, limit = max }, cancellationToken: ct)));
        return Results.Ok(rows.OrderByDescending(r => r.DeadLetteredAt).Take(max).ToList());
    }

    public static async Task<IResult> ReplayAsync(Guid id, HttpContext http, NpgsqlDataSource db, TenantSessions store, PipelineDeadLetters pipeline,
        TimeProvider clock, CancellationToken ct)
    {
        if (OperatorOnly(http) is { } denied) return denied;
        var row = await FindAsync(db, pipeline, id, ct);
        if (row is null) return Problems.NotFound($"Dead letter {id}");
        if (row.State != "dead") return Problems.Conflict("Already resolved", $"This dead letter was {row.State}.");
        await ReplayRowAsync(row, http, store, pipeline, clock, ct);
        return Results.Accepted();
    }

    public static async Task<IResult> ReplayAllAsync(HttpContext http, NpgsqlDataSource db, TenantSessions store, PipelineDeadLetters pipeline,
        TimeProvider clock, CancellationToken ct)
    {
        if (OperatorOnly(http) is { } denied) return denied;
        var rows = (await WolverineDeadLettersAsync(pipeline, 500, ct)).ToList();
        await using (var conn = await db.OpenConnectionAsync(ct))
            rows.AddRange(await conn.QueryAsync<DeadLetterRow>(new CommandDefinition(
                $"select {DeadLetterRow.Columns} from dead_letters_list('dead', 500)", cancellationToken: ct)));
        foreach (var row in rows) await ReplayRowAsync(row, http, store, pipeline, clock, ct);
        return Results.Ok(new ReplayAllResult(rows.Count));
    }

    public static async Task<IResult> DiscardAsync(Guid id, DiscardRequest? request, HttpContext http, NpgsqlDataSource db, TenantSessions store,
        PipelineDeadLetters pipeline, CancellationToken ct)
    {
        if (OperatorOnly(http) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(request?.Reason)) return Problems.Validation(new() { ["reason"] = ["Say why the message is discarded (kept in the audit log)."] });
        var row = await FindAsync(db, pipeline, id, ct);
        if (row is null) return Problems.NotFound($"Dead letter {id}");
        if (row.State != "dead") return Problems.Conflict("Already resolved", $"This dead letter was {row.State}.");

        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(row.TenantId, ct);
        await ResolveAsync(session, row, "discarded", user.UserId, request.Reason, ct);
        await AuditLog.WriteAsync(session, http, user, "deadletter.discard", row.Id.ToString(), detail: new { row.UploadId, request.Reason });
        await session.SaveChangesAsync(ct);
        await pipeline.Letters.DiscardAsync(new DeadLetterEnvelopeQuery([row.Id]), ct);
        return Results.NoContent();
    }

    /// <summary>
    /// The upload leaves Failed (UploadRetried) and the decision is recorded first; then Wolverine's dead letter is marked
    /// replayable (its durability agent moves it back to the inbox), or a dead letter from before Wolverine is published again.
    /// </summary>
    private static async Task ReplayRowAsync(DeadLetterRow row, HttpContext http, TenantSessions store, PipelineDeadLetters pipeline, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using (var session = await store.OpenAsync(row.TenantId, ct))
        {
            if (row.UploadId is { } uploadId && await UploadStatusQueries.GetAsync(session, uploadId, ct) is { Status: UploadState.Failed } status && status.FailedStage == row.Stage)
                session.AppendAt(uploadId, status.Version, new UploadRetried(uploadId, row.Stage, user.UserId, clock.GetUtcNow()));
            if (!row.InWolverine && MessageOf(row) is { } message) session.Publish(message);
            await ResolveAsync(session, row, "replayed", user.UserId, null, ct);
            await AuditLog.WriteAsync(session, http, user, "deadletter.replay", row.Id.ToString(), detail: new { row.UploadId, row.MessageType });
            await session.SaveChangesAsync(ct);
        }
        if (row.InWolverine) await pipeline.Letters.ReplayAsync(new DeadLetterEnvelopeQuery([row.Id]), ct);
    }

    private static object? MessageOf(DeadLetterRow row) => row.Stage == "scan"
        ? JsonSerializer.Deserialize<ScanUpload>(row.Body, JsonSerializerOptions.Web)
        : JsonSerializer.Deserialize<ProcessUpload>(row.Body, JsonSerializerOptions.Web);

    /// <summary>Records the decision in dead_letters (inserting Wolverine's dead letter there, as history, the first time).</summary>
    private static Task ResolveAsync(TenantSession session, DeadLetterRow row, string state, Guid by, string? reason, CancellationToken ct) =>
        session.Connection.ExecuteAsync(new CommandDefinition("""
            insert into dead_letters (id, tenant_id, queue, message_type, body, upload_id, error_type, error_message, attempts, dead_lettered_at,
                                      state, resolved_by, resolved_at, reason)
            values (@Id, @TenantId, @Queue, @MessageType, @Body::jsonb, @UploadId, @ErrorType, @ErrorMessage, @Attempts, @DeadLetteredAt,
                    @state, @by, now(), @reason)
            on conflict (id) do update set state = excluded.state, resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at,
                                           reason = excluded.reason
            """, new { row.Id, row.TenantId, row.Queue, row.MessageType, row.Body, row.UploadId, row.ErrorType, row.ErrorMessage, row.Attempts,
                row.DeadLetteredAt, state, by, reason }, session.Transaction, cancellationToken: ct));

    private static async Task<DeadLetterRow?> FindAsync(NpgsqlDataSource db, PipelineDeadLetters pipeline, Guid id, CancellationToken ct)
    {
        if (await pipeline.Letters.DeadLetterEnvelopeByIdAsync(id) is { } dead) return DeadLetterRow.From(dead);
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DeadLetterRow>(new CommandDefinition(
            $"select {DeadLetterRow.Columns} from dead_letters_get(@id)", new { id }, cancellationToken: ct));
    }

    private static async Task<IEnumerable<DeadLetterRow>> WolverineDeadLettersAsync(PipelineDeadLetters pipeline, int limit, CancellationToken ct)
    {
        var results = await pipeline.Letters.QueryAsync(new DeadLetterEnvelopeQuery { PageSize = limit, Replayable = false }, ct);
        return results.Envelopes.Select(DeadLetterRow.From);
    }

    private static IResult? OperatorOnly(HttpContext http) =>
        CurrentUser.From(http.User).Role == Roles.Operador ? null : Problems.Forbidden("Only BuildPeer operators handle dead letters.");
}
