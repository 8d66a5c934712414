using BuildPeer.Api.Audit;
using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Infrastructure.RateLimits;
using BuildPeer.Api.Projects;
using BuildPeer.Data;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Rules;
using Microsoft.Extensions.Options;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Uploads;

/// <summary>One file, or a batch in "files".</summary>
public sealed record InitiateUploadRequest(string? FileName, string? ContentType, long Size, string? Sha256, List<FileToUpload>? Files, long? PartSize = null);

public sealed record InitiateUploadBatchResponse(IReadOnlyList<UploadTicket> Uploads);

public static class InitiateUploadEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/projects/{projectId:guid}/uploads", HandleAsync).WithName("InitiateUpload").CountsAsInitiation()
            .WithSummary("Start an upload (or a batch): a presigned PUT, or part URLs over 8 MiB").WithInitiateUploadExamples()
            .ProducesEither<UploadTicket, InitiateUploadBatchResponse>(StatusCodes.Status201Created).Produces<UploadTicket>()
            .ProducesValidation().ProducesProjectProblems().ProducesConflicts("Storage quota exceeded");

    public static async Task<IResult> HandleAsync(Guid projectId, InitiateUploadRequest? request, HttpContext http,
        TenantSessions store, ObjectStorage storage, StorageQuota quota, IOptions<UploadLimits> limitsOptions, TimeProvider clock, CancellationToken ct)
    {
        var limits = limitsOptions.Value;
        if (request is null) return Problems.Validation(new() { ["body"] = ["Send a JSON body: { fileName, contentType, size, sha256? } or { files: [...] }."] });
        var isBatch = request.Files is not null;
        var files = request.Files ?? [new FileToUpload(request.FileName, request.ContentType, request.Size, request.Sha256, request.PartSize)];

        var errors = Validate(files, limits, isBatch);
        if (errors.Count > 0) return Problems.Validation(errors);

        var user = CurrentUser.From(http.User);
        await using var session = await store.OpenAsync(user.TenantId, ct);
        if (await ProjectAccess.CheckAsync(session, user, projectId, ProjectPermission.Upload, ct) is { } denied) return denied;
        if (await quota.CheckAsync(session, files.Sum(f => f.Size), ct) is { } overQuota) return overQuota;

        var now = clock.GetUtcNow();
        var tickets = new UploadTicket?[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (file.Sha256 is { } sha && await DuplicateUploads.FindAsync(session, projectId, sha, ct) is { } existing)
            {
                DuplicateUploads.Record(session, projectId, existing.Id, user.UserId, FileNames.Sanitize(file.FileName!), sha);
                tickets[i] = UploadTicketFactory.Duplicate(existing, now);
                continue;
            }
            var uploadId = Guid.CreateVersion7();
            var contentType = ContentKinds.Normalize(file.ContentType!);
            var key = ObjectKeys.Incoming(user.TenantId, projectId, uploadId);
            var plan = UploadPlan.For(file.Size, limits, file.PartSize);
            var multipartId = plan.Multipart ? await storage.StartMultipartAsync(key, contentType, ct) : null;
            var requested = new UploadRequested(uploadId, user.TenantId, projectId, user.UserId,
                FileNames.Sanitize(file.FileName!, limits.MaxFileNameLength), contentType, file.Size, file.Sha256?.ToLowerInvariant(),
                key, plan.Multipart, multipartId, plan.PartSize, now);
            session.Events.StartStream<BuildPeer.Uploads.Projection.UploadStatus>(uploadId, requested);
            tickets[i] = UploadTicketFactory.Create(requested, plan, storage, limits, now);
        }
        await AuditLog.WriteAsync(session, http, user, AuditActions.Initiate, projectId.ToString(),
            detail: new { files = tickets.Select(t => new { t!.UploadId, t.FileName, t.Duplicate }) });
        await session.SaveChangesAsync(ct);

        if (isBatch) return Results.Created($"/api/projects/{projectId}/uploads", new InitiateUploadBatchResponse(tickets.Select(t => t!).ToList()));
        var ticket = tickets[0]!;
        return ticket.Duplicate ? Results.Ok(ticket) : Results.Created(ticket.StatusUrl, ticket);
    }

    private static Dictionary<string, string[]> Validate(List<FileToUpload> files, UploadLimits limits, bool isBatch)
    {
        if (files.Count == 0) return new() { ["files"] = ["files is empty: send at least one file."] };
        if (files.Count > limits.MaxFilesPerBatch)
            return new() { ["files"] = [$"A batch holds at most {limits.MaxFilesPerBatch} files; this one has {files.Count}. Split it."] };
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < files.Count; i++)
        {
            foreach (var (field, messages) in UploadRequestRules.Validate(files[i], limits, isBatch ? $"files[{i}]." : ""))
                errors[field] = messages;
        }
        return errors;
    }
}
