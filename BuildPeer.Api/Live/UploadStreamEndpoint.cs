using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Api.Uploads;
using BuildPeer.Data;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Live;

public static class UploadStreamEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/uploads/{uploadId:guid}/stream", HandleAsync).WithName("StreamUpload")
            .WithSummary("Server-Sent Events: one upload, its current state first").ProducesEventStream(UploadExamples.LiveEvents)
            .ProducesValidation().ProducesUploadProblems();

    /// <summary>Server-Sent Events of one upload: its current state first (or what was missed, with Last-Event-ID), then every change.</summary>
    public static async Task<IResult> HandleAsync(Guid uploadId, HttpContext http, TenantSessions store, LiveStreamer streamer, CancellationToken ct)
    {
        if (!LastEventId.TryRead(http.Request, out var after))
            return Problems.Validation(new() { [LastEventId.Header] = ["Last-Event-ID must be the id of an event this stream sent (a non-negative number)."] });

        var user = CurrentUser.From(http.User);
        UploadSnapshot? current;
        await using (var session = await store.OpenAsync(user.TenantId, ct))
        {
            var (_, denied) = await UploadAccess.LoadAsync(session, user, uploadId, ProjectPermission.Read, ct);
            if (denied is not null) return denied;
            current = await LiveQueries.GetAsync(session, uploadId, ct);
        }
        await streamer.RunAsync(http, LiveScope.Upload(user.TenantId, uploadId), after, current);
        return Results.Empty;
    }
}
