using System.Text.Json;
using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Projection;
using Dapper;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Uploads;

/// <summary>Upload ids of one project, and the renditions wanted in order of preference (the first one an upload has wins).</summary>
public sealed record ContentLinksRequest(List<Guid>? UploadIds, List<string>? Renditions);

public sealed record ContentLink(Guid UploadId, string Rendition, string Url, DateTimeOffset ExpiresAt);

public sealed record ContentUnavailable(Guid UploadId, string Reason);

public sealed record ContentLinksResponse(IReadOnlyList<ContentLink> Links, IReadOnlyList<ContentUnavailable> Unavailable);

public static class CreateContentLinksEndpoint
{
    public const int MaxUploads = 200;
    private static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(5);

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/projects/{projectId:guid}/uploads/content-links", HandleAsync).WithName("CreateContentLinks")
            .WithSummary("Presigned GETs for many uploads at once, as JSON (a grid's thumbnails)").Produces<ContentLinksResponse>().ProducesValidation().ProducesProjectProblems();

    /// <summary>
    /// Short-lived presigned GETs for many uploads at once, as JSON. A page cannot follow GET …/content's 302 from
    /// an &lt;img&gt; (no Authorization header there) nor read it from fetch (opaque redirect), so it asks here for
    /// a grid's thumbnails in one call. Same rules as GET …/content: nothing before a clean scan, never quarantined.
    /// </summary>
    public static async Task<IResult> HandleAsync(Guid projectId, ContentLinksRequest? request, HttpContext http, TenantSessions store,
        ObjectStorage storage, TimeProvider clock, CancellationToken ct)
    {
        var ids = request?.UploadIds?.Distinct().ToList() ?? [];
        var wanted = request?.Renditions is { Count: > 0 } r ? r : [GetUploadContentEndpoint.Original];
        if (ids.Count is 0 or > MaxUploads)
            return Problems.Validation(new() { ["uploadIds"] = [$"Send between 1 and {MaxUploads} upload ids."] });
        if (wanted.Any(string.IsNullOrWhiteSpace))
            return Problems.Validation(new() { ["renditions"] = ["Rendition names cannot be empty (e.g. \"thumb-200\", \"preview-800\", \"original\")."] });

        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        if (await ProjectAccess.CheckAsync(session, user, projectId, ProjectPermission.Read, ct) is { } denied) return denied;
        var rows = await session.Connection.QueryAsync<string>(new CommandDefinition(
            "select data::text from upload_status where project_id = @projectId and id = any(@ids)",
            new { projectId, ids = ids.ToArray() }, null, cancellationToken: ct));
        var found = rows.Select(json => JsonSerializer.Deserialize<UploadStatus>(json, BuildPeer.Data.Streams.UploadStreamStore.Json)!).ToDictionary(s => s.Id);

        var expiresAt = clock.GetUtcNow().Add(LinkLifetime);
        var links = new List<ContentLink>();
        var unavailable = new List<ContentUnavailable>();
        foreach (var id in ids)
        {
            if (!found.TryGetValue(id, out var status)) { unavailable.Add(new(id, "Not an upload of this project.")); continue; }
            if (status.Status == UploadState.Quarantined) { unavailable.Add(new(id, "Quarantined by the virus scan; never served.")); continue; }
            if (status.Status is not (UploadState.Scanned or UploadState.Processed)) { unavailable.Add(new(id, $"The file is {status.Status}.")); continue; }

            var link = wanted.Select(name => ToLink(status, name, storage, expiresAt)).FirstOrDefault(l => l is not null);
            if (link is null) unavailable.Add(new(id, $"None of {string.Join(", ", wanted)} exists for this file."));
            else links.Add(link);
        }
        return Results.Ok(new ContentLinksResponse(links, unavailable));
    }

    private static ContentLink? ToLink(UploadStatus status, string name, ObjectStorage storage, DateTimeOffset expiresAt)
    {
        if (name == GetUploadContentEndpoint.Original)
            return new(status.Id, name, storage.PresignGet(status.OriginalToServe()!, LinkLifetime, status.FileName, status.ContentType, status.ServedVersionId), expiresAt);
        return status.Renditions.FirstOrDefault(r => r.Name == name) is { } rendition
            ? new(status.Id, name, storage.PresignGet(rendition.ObjectKey, LinkLifetime, contentType: rendition.ContentType), expiresAt)
            : null;
    }
}
