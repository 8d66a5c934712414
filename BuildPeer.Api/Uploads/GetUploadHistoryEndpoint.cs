using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Uploads;

public sealed record HistoryEntry(long Sequence, long Version, string Type, DateTimeOffset Timestamp, object Data);

public static class GetUploadHistoryEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/uploads/{uploadId:guid}/history", HandleAsync).WithName("GetUploadHistory")
        .WithSummary("The upload's event stream, oldest first").Produces<List<HistoryEntry>>().ProducesUploadProblems();

    /// <summary>The upload's event stream, oldest first: the audit of what happened to the file.</summary>
    public static async Task<IResult> HandleAsync(Guid uploadId, HttpContext http, TenantSessions store, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        var (status, denied) = await UploadAccess.LoadAsync(session, user, uploadId, ProjectPermission.Read, ct);
        if (denied is not null) return denied;
        var events = await session.Events.FetchStreamAsync(uploadId, token: ct);
        return Results.Ok(events.Select(e => new HistoryEntry(e.Sequence, e.Version, e.EventTypeName, e.Timestamp, e.Data)));
    }
}
