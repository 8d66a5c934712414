using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.EventStore;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Uploads;

public static class GetUploadEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/uploads/{uploadId:guid}", HandleAsync).WithName("GetUpload")
        .WithSummary("An upload's status, stage times, metadata and renditions").Produces<UploadView>().ProducesUploadProblems();

    public static async Task<IResult> HandleAsync(Guid uploadId, HttpContext http, DocumentStore store, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var session = await store.LightweightSessionAsync(user.TenantId, ct);
        var (status, denied) = await UploadAccess.LoadAsync(session, user, uploadId, ProjectPermission.Read, ct);
        if (denied is not null) return denied;
        return Results.Ok(UploadView.From(status!));
    }
}
