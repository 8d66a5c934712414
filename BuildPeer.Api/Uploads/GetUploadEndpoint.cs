using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.EventStore;

namespace BuildPeer.Api.Uploads;

public static class GetUploadEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/uploads/{uploadId:guid}", HandleAsync).WithName("GetUpload");

    public static async Task<IResult> HandleAsync(Guid uploadId, HttpContext http, DocumentStore store, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var session = await store.LightweightSessionAsync(user.TenantId, ct);
        var status = await UploadStatusQueries.GetAsync(session, uploadId, ct);
        if (status is null) return Problems.NotFound($"Upload {uploadId}");
        if (await ProjectAccess.CheckAsync(session, user, status.ProjectId, ProjectPermission.Read, ct) is { } denied) return denied;
        return Results.Ok(UploadView.From(status));
    }
}
