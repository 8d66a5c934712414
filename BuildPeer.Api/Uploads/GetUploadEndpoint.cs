using BuildPeer.Api.Auth;
using BuildPeer.Api.Caching;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Uploads;

public static class GetUploadEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/uploads/{uploadId:guid}", HandleAsync).WithName("GetUpload")
        .WithSummary("An upload's status, stage times, metadata and renditions").Produces<UploadView>().ProducesUploadProblems();

    /// <summary>What polling clients repeat: the status comes from the cache when it holds the latest; the project check runs every time.</summary>
    public static async Task<IResult> HandleAsync(Guid uploadId, HttpContext http, TenantSessions store, UploadStatusCache cache, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var cached = await cache.GetAsync(user.TenantId, uploadId);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        if (cached?.Status is { } hit)
        {
            return await ProjectAccess.CheckAsync(session, user, hit.ProjectId, ProjectPermission.Read, ct) is { } refused
                ? refused
                : Results.Ok(UploadView.From(hit));
        }
        var (status, denied) = await UploadAccess.LoadAsync(session, user, uploadId, ProjectPermission.Read, ct);
        if (denied is not null) return denied;
        if (cached is not null) await cache.StoreAsync(cached, status!);
        return Results.Ok(UploadView.From(status!));
    }
}
