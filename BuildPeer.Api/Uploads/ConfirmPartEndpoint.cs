using Marten;
using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;
using Microsoft.Extensions.Options;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Uploads;

public sealed record ConfirmPartRequest(string? ETag, long Size, string? Sha256);

public static class ConfirmPartEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapPut("/uploads/{uploadId:guid}/parts/{partNumber:int}", HandleAsync).WithName("ConfirmPart")
        .WithSummary("Confirm a part storage accepted (its ETag): progress others see").Produces(StatusCodes.Status204NoContent)
        .ProducesValidation().ProducesUploadProblems().ProducesConflicts("No parts expected");

    /// <summary>Records that a part arrived (its ETag, size and optional SHA-256), so progress is visible to others.</summary>
    public static async Task<IResult> HandleAsync(Guid uploadId, int partNumber, ConfirmPartRequest? request, HttpContext http,
        TenantSessions store, IOptions<UploadLimits> limits, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.ETag)) errors["eTag"] = ["eTag is required: the ETag header storage answered to the part's PUT."];
        if (request?.Sha256 is { } sha && !UploadRequestRules.IsSha256Hex(sha)) errors["sha256"] = ["sha256 must be 64 hexadecimal characters."];
        if (errors.Count > 0) return Problems.Validation(errors);

        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        var (status, denied) = await UploadAccess.LoadAsync(session, user, uploadId, ProjectPermission.Upload, ct);
        if (denied is not null) return denied;
        if (!status!.Multipart || status.Status != UploadState.Requested)
            return Problems.Conflict("No parts expected", $"The upload is {status.Status}{(status.Multipart ? "" : " and not multipart")}.");

        var plan = UploadPlan.For(status.Size, limits.Value with { PartSize = status.PartSize });
        if (partNumber < 1 || partNumber > plan.Parts.Count)
            return Problems.Validation(new() { ["partNumber"] = [$"Part {partNumber} does not exist; this upload has parts 1 to {plan.Parts.Count}."] });
        if (request!.Size != plan.Parts[partNumber - 1].Length)
            return Problems.Validation(new() { ["size"] = [$"Part {partNumber} must be {plan.Parts[partNumber - 1].Length} bytes, not {request.Size}."] });

        // Parts land in parallel: Marten's exclusive FetchForWriting locks the stream, so their appends take turns.
        var stream = await session.Events.FetchForExclusiveWriting<UploadStatus>(uploadId, ct);
        if (stream.Aggregate is not { Status: UploadState.Requested })
            return Problems.Conflict("No parts expected", $"The upload is {stream.Aggregate?.Status}.");
        stream.AppendOne(new UploadPartConfirmed(uploadId, partNumber, request.ETag!.Trim('"'), request.Size, request.Sha256?.ToLowerInvariant(), clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return Results.NoContent();
    }
}
