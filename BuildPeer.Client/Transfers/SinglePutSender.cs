using BuildPeer.Client.Api;
using BuildPeer.Client.Files;
using BuildPeer.Client.Progress;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Transfers;

/// <summary>Sends a small file in one presigned PUT. A refused (expired) URL cannot be re-signed: it asks for a new upload instead.</summary>
internal sealed class SinglePutSender(BuildPeerApi api, StorageClient storage, Retrier retrier, Action<UploadEvent> raise)
{
    /// <returns>The ticket the bytes went to (a new one if the first URL was refused).</returns>
    public async Task<UploadTicket> SendAsync(UploadFile file, Guid projectId, UploadTicket ticket, byte[] bytes, string sha256, CancellationToken ct)
    {
        var current = ticket;
        var lastTryCut = false;
        await retrier.RunAsync($"upload of {file.FileName}", async t =>
        {
            long attempt = 0;
            var sending = retrier.Clock.GetTimestamp();
            try
            {
                return await storage.PutAsync(current.Put!.Url, bytes, current.Put.Headers, d =>
                {
                    attempt += d;
                    raise(new BytesSent(file, d));
                }, t);
            }
            catch
            {
                lastTryCut = retrier.Policy.WasCutMidway(attempt, retrier.Clock.GetElapsedTime(sending));
                raise(new BytesSent(file, -attempt));
                throw;
            }
        }, async t =>
        {
            var stale = current.UploadId;
            current = await api.InitiateAsync(projectId, file.FileName, file.ContentType, file.Size, sha256, t);
            if (current.Put is null) throw new BuildPeerException($"{file.FileName}: the server no longer offers a single PUT for it.");
            try { await api.DeleteUploadAsync(stale, t); } catch (BuildPeerException) { /* it expires on its own */ }
        }, notice => raise(new RetryScheduled(file, notice)), ct, cutMidway: () => lastTryCut);
        return current;
    }
}
