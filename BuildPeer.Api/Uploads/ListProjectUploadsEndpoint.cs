using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.Uploads.Projection;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Uploads;

public sealed record UploadListResponse(IReadOnlyList<UploadView> Items, string? NextCursor);

public static class ListProjectUploadsEndpoint
{
    public const int MaxLimit = 200;

    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/projects/{projectId:guid}/uploads", HandleAsync).WithName("ListProjectUploads")
        .WithSummary("The project's uploads, newest first (keyset pagination with cursor)").Produces<UploadListResponse>().ProducesValidation().ProducesProjectProblems();

    public static async Task<IResult> HandleAsync(Guid projectId, int? limit, string? cursor, string? status, HttpContext http, TenantSessions store, CancellationToken ct)
    {
        var take = limit ?? 50;
        if (take is < 1 or > MaxLimit) return Problems.Validation(new() { ["limit"] = [$"limit must be between 1 and {MaxLimit}."] });
        if (status is not null && !Enum.TryParse<UploadState>(status, ignoreCase: true, out _))
            return Problems.Validation(new() { ["status"] = [$"status must be one of: {string.Join(", ", Enum.GetNames<UploadState>())}."] });
        try { UploadCursor.Decode(cursor); }
        catch (FormatException) { return Problems.Validation(new() { ["cursor"] = ["cursor is not one this API returned; start again without it."] }); }

        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        if (await ProjectAccess.CheckAsync(session, user, projectId, ProjectPermission.Read, ct) is { } denied) return denied;
        var normalizedStatus = status is null ? null : Enum.Parse<UploadState>(status, true).ToString();
        var page = await UploadStatusQueries.ListByProjectAsync(session, projectId, take, cursor, normalizedStatus, ct);
        return Results.Ok(new UploadListResponse(page.Items.Select(UploadView.From).ToList(), page.NextCursor));
    }
}
