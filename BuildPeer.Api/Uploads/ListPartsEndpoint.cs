using BuildPeer.Api.Auth;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;
using Microsoft.Extensions.Options;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Uploads;

public sealed record PartState(int PartNumber, long Offset, long Length, bool Stored, string? ETag, long? StoredSize, bool Confirmed, string? Sha256);

public sealed record PartsResponse(long PartSize, int PartCount, long BytesStored, IReadOnlyList<PartState> Parts, IReadOnlyList<int> Missing);

public static class ListPartsEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/uploads/{uploadId:guid}/parts", HandleAsync).WithName("ListParts")
        .WithSummary("What storage holds and what is missing: resume a multipart upload").Produces<PartsResponse>().WithPartsExample().ProducesUploadProblems();

    /// <summary>
    /// What is left to send: storage's own part list (what really arrived, even if the client died before
    /// confirming) joined with the parts clients confirmed. A part stored with the wrong size counts as missing.
    /// </summary>
    public static async Task<IResult> HandleAsync(Guid uploadId, HttpContext http, TenantSessions store, ObjectStorage storage,
        IOptions<UploadLimits> limits, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        var (status, denied) = await UploadAccess.LoadAsync(session, user, uploadId, ProjectPermission.Read, ct);
        if (denied is not null) return denied;

        var plan = UploadPlan.For(status!.Size, limits.Value with { PartSize = status.PartSize });
        var stored = status is { Multipart: true, Status: UploadState.Requested }
            ? (await storage.ListPartsAsync(status.ObjectKey, status.MultipartUploadId!, ct)).ToDictionary(p => p.PartNumber)
            : [];
        var confirmed = status.ConfirmedParts.ToDictionary(p => p.PartNumber);
        var done = status.Status != UploadState.Requested;
        var parts = plan.Parts.Select(p =>
        {
            stored.TryGetValue(p.PartNumber, out var s);
            confirmed.TryGetValue(p.PartNumber, out var c);
            var isStored = done || (s is not null && s.Size == p.Length);
            return new PartState(p.PartNumber, p.Offset, p.Length, isStored, s?.ETag ?? c?.ETag, s?.Size, c is not null, c?.Sha256);
        }).ToList();
        return Results.Ok(new PartsResponse(plan.PartSize, plan.Parts.Count, parts.Where(p => p.Stored).Sum(p => p.Length), parts,
            parts.Where(p => !p.Stored).Select(p => p.PartNumber).ToList()));
    }
}
