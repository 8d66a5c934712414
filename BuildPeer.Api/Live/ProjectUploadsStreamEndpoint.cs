using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Live;

public static class ProjectUploadsStreamEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/projects/{projectId:guid}/uploads/stream", HandleAsync).WithName("StreamProjectUploads")
            .WithSummary("Server-Sent Events: every change to the project's uploads").ProducesEventStream(UploadExamples.LiveEvents)
            .ProducesValidation().ProducesProjectProblems();

    /// <summary>Server-Sent Events of every change to the project's uploads; with Last-Event-ID, first what the client missed.</summary>
    public static async Task<IResult> HandleAsync(Guid projectId, HttpContext http, TenantSessions store, LiveStreamer streamer, CancellationToken ct)
    {
        if (!LastEventId.TryRead(http.Request, out var after))
            return Problems.Validation(new() { [LastEventId.Header] = ["Last-Event-ID must be the id of an event this stream sent (a non-negative number)."] });

        var user = CurrentUser.From(http.User);
        await using (var session = await store.OpenAsync(user.TenantId, ct))
        {
            if (await ProjectAccess.CheckAsync(session, user, projectId, ProjectPermission.Read, ct) is { } denied) return denied;
        }
        await streamer.RunAsync(http, LiveScope.Project(user.TenantId, projectId), after, current: null);
        return Results.Empty;
    }
}
