using System.Diagnostics;
using BuildPeer.Processing.Infrastructure;
using BuildPeer.Processing.Tools;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Messages;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;
using Marten;

namespace BuildPeer.Processing.Extraction;

/// <summary>
/// Downloads the scanned-clean file once (hashing it on the way), checks the declared SHA-256, extracts
/// metadata and renditions for its kind, stores the renditions beside the original and appends Processed.
/// </summary>
public static class ProcessUploadHandler
{
    public const string Stage = "process";

    public static async Task HandleAsync(ProcessUpload message, IDocumentSession session, ObjectStorage storage, PhotoExtractor photos,
        PdfExtractor pdfs, TimeProvider clock, ILogger<ProcessUpload> logger, CancellationToken ct)
    {
        PipelineTenancy.Check(session, message.TenantId);
        var stream = await session.Events.FetchForWriting<UploadStatus>(message.UploadId, ct);
        if (stream.Aggregate is not { Status: UploadState.Scanned } status)
        {
            logger.LogInformation("Upload {UploadId} is {Status}; nothing to process", message.UploadId, stream.Aggregate?.Status);
            return;
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
                UploadFailures.Record(stream, Stage, FailureReason.ChecksumMismatch(declared, sha256), clock);
                return;
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
                UploadFailures.Record(stream, Stage, e.Reason, clock);
                return;
            }

            var renditions = new List<Rendition>();
            foreach (var r in extracted.Renditions)
            {
                var key = ObjectKeys.Rendition(status.TenantId, status.ProjectId, status.Id, r.Name, r.Extension);
                await storage.PutFileAsync(key, r.Path, r.ContentType, ct);
                renditions.Add(new Rendition(r.Name, key, r.ContentType, r.Width, r.Height, r.Size));
            }

            stream.AppendOne(new Processed(status.Id, sha256, extracted.Metadata, renditions, clock.GetUtcNow()));
            ProcessingMetrics.Processed.Add(1);
            ProcessingMetrics.ProcessDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
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
}
