using System.Security.Cryptography;
using BuildPeer.Client.Api;
using BuildPeer.Client.Files;
using BuildPeer.Client.Progress;
using BuildPeer.Client.Resume;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Transfers;

/// <summary>
/// Uploads one file: continues an earlier run's upload when its state file says there is one, else asks for a
/// new upload (declaring the SHA-256 when known, so the server can answer "duplicate"), sends what is missing
/// and completes.
/// </summary>
internal sealed class FileUploader(BuildPeerApi api, MultipartSender multipart, SinglePutSender singlePut, ResumeStateStore? store,
    BuildPeerClientOptions options, Action<UploadEvent> raise)
{
    private readonly string _apiUrl = api.BaseAddress?.ToString() ?? "";

    public async Task<FileUploadResult> UploadAsync(Guid projectId, UploadFile file, CancellationToken ct)
    {
        var key = ResumeKey.For(file.Path, file.Size, file.LastWriteUtc);
        var saved = store?.Load(key) is { } s && s.Matches(_apiUrl, projectId, file.Path, file.Size, file.LastWriteUtc) ? s : null;
        var tracker = new ResumeTracker(store, key, saved ?? new ResumeState
        {
            ApiUrl = _apiUrl, ProjectId = projectId, Path = file.Path, Size = file.Size, LastWriteUtc = file.LastWriteUtc,
        });
        try
        {
            byte[]? bytes = null;
            var sha = tracker.State.Sha256;
            if (file.Size <= options.SmallFileLimit)
            {
                bytes = await ReadWholeAsync(file, ct);
                sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            }

            if (tracker.State.UploadId is { } previous && await ContinueAsync(file, previous, bytes is null, sha, tracker, ct) is { } continued)
                return continued;

            var ticket = await api.InitiateAsync(projectId, file.FileName, file.ContentType, file.Size, sha, ct, options.PartSize);
            if (ticket.Duplicate)
            {
                tracker.Update(st => st with { UploadId = ticket.UploadId, Sha256 = sha, Completed = true });
                raise(new BytesAlreadyStored(file, file.Size));
                return new FileUploadResult(file, FileOutcome.Duplicate, ticket.UploadId, sha, 0);
            }
            if (ticket.Multipart is { } parts)
            {
                tracker.Update(st => st with { UploadId = ticket.UploadId, PartSize = parts.PartSize, PartCount = parts.PartCount, ConfirmedParts = [] });
                return await SendPartsAndCompleteAsync(file, ticket.UploadId, PartPlanner.Fresh(file.Size, parts),
                    parts.Parts.ToDictionary(p => p.PartNumber, p => p.Url), tracker, ct);
            }

            bytes ??= await ReadWholeAsync(file, ct); // the server chose one PUT for a file above our limit
            sha ??= Convert.ToHexStringLower(SHA256.HashData(bytes));
            tracker.Update(st => st with { UploadId = ticket.UploadId, Sha256 = sha, PartSize = 0, PartCount = 0 });
            var sentTo = await singlePut.SendAsync(file, projectId, ticket, bytes, sha, ct);
            if (sentTo.UploadId != ticket.UploadId) tracker.Update(st => st with { UploadId = sentTo.UploadId });
            await api.CompleteAsync(sentTo.UploadId, sha, ct);
            tracker.Update(st => st with { Completed = true });
            return new FileUploadResult(file, FileOutcome.Uploaded, sentTo.UploadId, sha, file.Size);
        }
        catch (Exception e) when (e is BuildPeerException or FileChangedException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return new FileUploadResult(file, FileOutcome.Failed, tracker.State.UploadId, tracker.State.Sha256, 0, e.Message);
        }
    }

    /// <summary>The upload an earlier run started: report it if its bytes arrived, resume it if it is multipart, else drop it.</summary>
    private async Task<FileUploadResult?> ContinueAsync(UploadFile file, Guid uploadId, bool large, string? sha, ResumeTracker tracker, CancellationToken ct)
    {
        UploadView? view;
        try { view = await api.GetUploadAsync(uploadId, ct); }
        catch (BuildPeerException e) when (e.StatusCode == 403) { view = null; }

        if (view is not null && UploadStatuses.HasArrived(view.Status))
        {
            raise(new BytesAlreadyStored(file, file.Size));
            tracker.Update(st => st with { Completed = true });
            return new FileUploadResult(file, FileOutcome.AlreadyUploaded, uploadId, view.Sha256 ?? sha, 0);
        }
        if (view?.Status == UploadStatuses.Requested && large && tracker.State.PartCount > 0)
        {
            var listing = await api.ListPartsAsync(uploadId, ct);
            var plan = PartPlanner.Resume(file.Size, listing);
            return await SendPartsAndCompleteAsync(file, uploadId, plan, await SignAsync(uploadId, plan, ct), tracker, ct);
        }
        if (view?.Status == UploadStatuses.Requested)
        {
            try { await api.DeleteUploadAsync(uploadId, ct); } catch (BuildPeerException) { /* it expires on its own */ }
        }
        // Failed, expired, deleted or gone: start anew, keeping the hash an earlier run computed.
        tracker.Update(st => st with { UploadId = null, PartSize = 0, PartCount = 0, ConfirmedParts = [], Completed = false });
        return null;
    }

    private async Task<FileUploadResult> SendPartsAndCompleteAsync(UploadFile file, Guid uploadId, IReadOnlyList<PlannedPart> plan,
        IReadOnlyDictionary<int, string> urls, ResumeTracker tracker, CancellationToken ct)
    {
        long sent = 0;
        for (var round = 1; ; round++)
        {
            var outcome = await multipart.SendAsync(file, uploadId, plan, urls, tracker, ct);
            sent += outcome.BytesSent;
            try
            {
                await api.CompleteAsync(uploadId, outcome.Sha256, ct);
                tracker.Update(st => st with { Completed = true });
                return new FileUploadResult(file, FileOutcome.Uploaded, uploadId, outcome.Sha256, sent);
            }
            catch (BuildPeerException e) when (e.StatusCode == 409 && round == 1)
            {
                // Storage lost or never kept a part we sent: ask again what is there and send the rest once more.
                plan = PartPlanner.Resume(file.Size, await api.ListPartsAsync(uploadId, ct));
                urls = await SignAsync(uploadId, plan, ct);
            }
        }
    }

    private async Task<IReadOnlyDictionary<int, string>> SignAsync(Guid uploadId, IReadOnlyList<PlannedPart> plan, CancellationToken ct)
    {
        var missing = plan.Where(p => p.Action == PartAction.Send).Select(p => p.PartNumber).ToList();
        if (missing.Count == 0) return new Dictionary<int, string>();
        return (await api.SignPartsAsync(uploadId, missing, ct)).Parts.ToDictionary(p => p.PartNumber, p => p.Url);
    }

    private static async Task<byte[]> ReadWholeAsync(UploadFile file, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(file.Path, ct);
        if (bytes.Length != file.Size) throw new FileChangedException(file, $"its size changed from {file.Size} to {bytes.Length} bytes");
        return bytes;
    }
}
