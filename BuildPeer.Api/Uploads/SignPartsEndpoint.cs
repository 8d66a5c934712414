using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;
using Microsoft.Extensions.Options;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Uploads;

public sealed record SignPartsRequest(List<int>? PartNumbers);

public sealed record SignPartsResponse(IReadOnlyList<PartTicket> Parts, DateTimeOffset ExpiresAt);

public static class SignPartsEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapPost("/uploads/{uploadId:guid}/parts/sign", HandleAsync).WithName("SignParts")
        .WithSummary("Fresh part URLs (after a 403 from storage: the first ones expired)").Produces<SignPartsResponse>()
        .ProducesValidation().ProducesUploadProblems().ProducesConflicts("Not multipart", "Upload closed");

    /// <summary>Fresh part URLs for any set of part numbers, e.g. after the first ones expired (a 403 from storage).</summary>
    public static async Task<IResult> HandleAsync(Guid uploadId, SignPartsRequest? request, HttpContext http, TenantSessions store,
        ObjectStorage storage, IOptions<UploadLimits> limits, TimeProvider clock, CancellationToken ct)
    {
        if (request?.PartNumbers is not { Count: > 0 } numbers)
            return Problems.Validation(new() { ["partNumbers"] = ["Send the part numbers to sign, e.g. { \"partNumbers\": [1, 2] }."] });

        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        var (status, denied) = await UploadAccess.LoadAsync(session, user, uploadId, ProjectPermission.Upload, ct);
        if (denied is not null) return denied;
        if (!status!.Multipart) return Problems.Conflict("Not multipart", "This upload is a single PUT; ask for a new upload if its URL expired.");
        if (status.Status != UploadState.Requested) return Problems.Conflict("Upload closed", $"The upload is {status.Status}; no more parts are accepted.");

        var plan = UploadPlan.For(status.Size, limits.Value with { PartSize = status.PartSize });
        var unknown = numbers.Where(n => n < 1 || n > plan.Parts.Count).ToList();
        if (unknown.Count > 0)
            return Problems.Validation(new() { ["partNumbers"] = [$"Parts {string.Join(", ", unknown)} do not exist; this upload has parts 1 to {plan.Parts.Count}."] });

        var lifetime = limits.Value.PresignedUrlLifetime;
        var parts = numbers.Distinct().Order().Select(n => plan.Parts[n - 1])
            .Select(p => new PartTicket(p.PartNumber, p.Offset, p.Length, storage.PresignPart(status.ObjectKey, status.MultipartUploadId!, p.PartNumber, lifetime)))
            .ToList();
        return Results.Ok(new SignPartsResponse(parts, clock.GetUtcNow().Add(lifetime)));
    }
}
