using System.Diagnostics;
using BuildPeer.Data;
using BuildPeer.Messaging;
using BuildPeer.Processing.Infrastructure;
using BuildPeer.Processing.Tools;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Messages;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Processing.Extraction;

/// <summary>
/// Downloads the scanned-clean file once (hashing it on the way), checks the declared SHA-256, extracts
/// metadata and renditions for its kind, stores the renditions beside the original and appends Processed.
/// </summary>
public sealed class ProcessUploadHandler(
    ObjectStorage storage,
    PhotoExtractor photos,
    PdfExtractor pdfs,
    TimeProvider clock,
    ILogger<ProcessUploadHandler> logger) : IMessageHandler<ProcessUpload>, IDeadLetterHandler<ProcessUpload>
{
    public const string Stage = "process";

    public async Task<IReadOnlyList<object>> HandleAsync(ProcessUpload message, MessageContext context, CancellationToken ct)
    {
        var status = await UploadStatusQueries.GetAsync(context.Session, message.UploadId, ct);
        if (status is not { Status: UploadState.Scanned })
        {
            logger.LogInformation("Upload {UploadId} is {Status}; nothing to process", message.UploadId, status?.Status);
            return Cascade.None;
        }

        var started = Stopwatch.GetTimestamp();
        var workDir = Directory.CreateTempSubdirectory(StaleWorkFolders.Prefix).FullName;
        try
        {
            var originalPath = Path.Combine(workDir, "original");
            string sha256;
            await using (var content = await storage.OpenReadAsync(status.OriginalToServe()!, ct))
                (sha256, _) = await Sha256File.CopyAndHashAsync(content, originalPath, ct);

            if (status.DeclaredSha256 is { } declared && !string.Equals(declared, sha256, StringComparison.OrdinalIgnoreCase))
            {
                await UploadFailures.RecordAsync(context.Session, status.Id, Stage, FailureReason.ChecksumMismatch(declared, sha256), clock, ct);
                return Cascade.None;
            }

            Extracted extracted;
            try
            {
                RefuseIfContentDoesNotMatch(originalPath, status.ContentType);
                extracted = ContentKinds.Of(status.ContentType) switch
                {
                    ContentKind.Photo => await photos.ExtractAsync(originalPath, workDir, ct),
                    ContentKind.Pdf => await pdfs.ExtractAsync(originalPath, workDir, ct),
                    _ => new Extracted(new FileMetadata(), []),
                };
            }
            catch (PermanentProcessingException e)
            {
                logger.LogWarning("Upload {UploadId} cannot be processed: {Reason}", status.Id, e.Message);
                await UploadFailures.RecordAsync(context.Session, status.Id, Stage, e.Reason, clock, ct);
                return Cascade.None;
            }

            var renditions = new List<Rendition>();
            foreach (var r in extracted.Renditions)
            {
                var key = ObjectKeys.Rendition(status.TenantId, status.ProjectId, status.Id, r.Name, r.Extension);
                await storage.PutFileAsync(key, r.Path, r.ContentType, ct);
                renditions.Add(new Rendition(r.Name, key, r.ContentType, r.Width, r.Height, r.Size));
            }

            context.Session.AppendAt(status.Id, status.Version, new Processed(status.Id, sha256, extracted.Metadata, renditions, clock.GetUtcNow()));
            ProcessingMetrics.Processed.Add(1);
            ProcessingMetrics.ProcessDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return Cascade.None;
        }
        finally
        {
            try { Directory.Delete(workDir, recursive: true); } catch (IOException) { /* temp folder; the OS cleans it */ }
        }
    }

    private static void RefuseIfContentDoesNotMatch(string path, string contentType)
    {
        var header = new byte[ContentSniffer.HeaderLength];
        using (var file = File.OpenRead(path)) file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (ContentSniffer.Matches(ContentKinds.Of(contentType), contentType, header)) return;
        var actual = ContentSniffer.Identify(header) ?? "not a recognised format";
        throw new PermanentProcessingException(FailureReason.ContentMismatch(contentType, actual));
    }

    public Task OnDeadLetteredAsync(ProcessUpload message, MessageContext context, Exception error, CancellationToken ct) =>
        UploadFailures.RecordDeadLetterAsync(context.Session, message.UploadId, Stage, UploadState.Scanned, error, clock, ct);
}
