using System.Collections.Concurrent;
using System.Security.Cryptography;
using BuildPeer.Client.Api;
using BuildPeer.Client.Files;
using BuildPeer.Client.Progress;
using BuildPeer.Client.Resume;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Transfers;

/// <summary>
/// Sends a multipart upload's missing parts. The file is read once, in order: each part is hashed (its SHA-256
/// goes with the part's confirmation) while one incremental SHA-256 of the whole file is updated; parts go up in
/// parallel from at most <c>parallelism</c> buffers, as many at once as the link's <see cref="SendWindow"/> allows.
/// Parts already stored are read for the hash but not sent.
/// </summary>
internal sealed class MultipartSender(BuildPeerApi api, StorageClient storage, Retrier retrier, int parallelism, Action<UploadEvent> raise)
{
    public sealed record Outcome(string Sha256, long BytesSent);

    public async Task<Outcome> SendAsync(UploadFile file, Guid uploadId, IReadOnlyList<PlannedPart> plan, IReadOnlyDictionary<int, string> urls,
        ResumeTracker tracker, CancellationToken ct)
    {
        var current = new ConcurrentDictionary<int, string>(urls);
        var window = new SendWindow(parallelism);
        using var buffers = new PartBuffers(parallelism, (int)plan.Max(p => p.Length));
        using var wholeFile = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = new List<Task>();
        var errors = new ConcurrentQueue<Exception>();
        long sent = 0;

        async Task Guard(Func<Task> work)
        {
            try { await work(); }
            catch (Exception e)
            {
                if (e is not OperationCanceledException || ct.IsCancellationRequested) errors.Enqueue(e);
                await stop.CancelAsync();
            }
        }

        async Task Send(PlannedPart part, byte[] buffer, string sha)
        {
            string eTag;
            var lastTryCut = false;
            var waitedForTurn = TimeSpan.Zero;
            var clock = retrier.Clock;
            try
            {
                eTag = await retrier.RunAsync($"part {part.PartNumber} of {file.FileName}", async t =>
                {
                    long attempt = 0;
                    var queued = clock.GetTimestamp();
                    var slot = await window.EnterAsync(t);
                    var sending = clock.GetTimestamp();
                    waitedForTurn += clock.GetElapsedTime(queued, sending);
                    var arrived = false;
                    var answered = false;
                    try
                    {
                        var stored = await storage.PutAsync(current[part.PartNumber], buffer.AsMemory(0, (int)part.Length), null, d =>
                        {
                            attempt += d;
                            raise(new BytesSent(file, d));
                        }, t);
                        arrived = true;
                        return stored;
                    }
                    catch (Exception e)
                    {
                        answered = e is RequestFailedException { Failure.StatusCode: not null };
                        raise(new BytesSent(file, -attempt));
                        throw;
                    }
                    finally
                    {
                        lastTryCut = !arrived && !answered && !t.IsCancellationRequested
                            && retrier.Policy.WasCutMidway(attempt, clock.GetElapsedTime(sending));
                        window.Exit(slot, arrived, lastTryCut);
                    }
                }, async t => current[part.PartNumber] = (await api.SignPartsAsync(uploadId, [part.PartNumber], t)).Parts.Single().Url,
                    notice => raise(new RetryScheduled(file, notice)), stop.Token, cutMidway: () => lastTryCut, waitedForTurn: () => waitedForTurn);
                Interlocked.Add(ref sent, part.Length);
            }
            finally
            {
                buffers.Return(buffer);
            }
            await api.ConfirmPartAsync(uploadId, part.PartNumber, eTag, part.Length, sha, stop.Token);
            tracker.PartConfirmed(part.PartNumber, sha);
        }

        async Task ConfirmOnly(PlannedPart part, string sha)
        {
            await api.ConfirmPartAsync(uploadId, part.PartNumber, part.StoredETag!, part.Length, sha, stop.Token);
            tracker.PartConfirmed(part.PartNumber, sha);
        }

        try
        {
            await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            if (stream.Length != file.Size) throw new FileChangedException(file, $"its size changed from {file.Size} to {stream.Length} bytes");
            foreach (var part in plan)
            {
                var buffer = await buffers.RentAsync(stop.Token);
                var length = (int)part.Length;
                await stream.ReadExactlyAsync(buffer.AsMemory(0, length), stop.Token);
                wholeFile.AppendData(buffer, 0, length);
                var sha = Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, length)));
                if (part.Action == PartAction.Send)
                {
                    running.Add(Guard(() => Send(part, buffer, sha)));
                    continue;
                }
                buffers.Return(buffer);
                if (part.RecordedSha256 is { } recorded && recorded != sha)
                    throw new FileChangedException(file, $"part {part.PartNumber} differs from the one an earlier run sent");
                raise(new BytesAlreadyStored(file, part.Length));
                if (part.Action == PartAction.ConfirmOnly) running.Add(Guard(() => ConfirmOnly(part, sha)));
                else if (!tracker.State.ConfirmedParts.ContainsKey(part.PartNumber)) tracker.PartConfirmed(part.PartNumber, sha);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // a part failed for good and stopped the reading; its error is in `errors`
        }
        catch (Exception e)
        {
            errors.Enqueue(e);
            await stop.CancelAsync();
        }

        string? wholeSha = null;
        if (errors.IsEmpty && !stop.IsCancellationRequested)
        {
            wholeSha = Convert.ToHexStringLower(wholeFile.GetHashAndReset());
            tracker.Update(s => s with { Sha256 = wholeSha }); // known now, even if a kill comes before the last part
        }
        await Task.WhenAll(running);
        ct.ThrowIfCancellationRequested();
        if (errors.TryDequeue(out var first)) throw first is BuildPeerException or FileChangedException ? first : new BuildPeerException(first.Message, inner: first);
        return new Outcome(wholeSha!, Interlocked.Read(ref sent));
    }
}
