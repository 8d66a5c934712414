using System.Threading.Channels;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>
/// Deletes completed messages with DeleteMessageBatch: up to 10 per call, waiting at most <see cref="Linger"/> for more.
/// A delete that fails only means SQS delivers the message again, which the inbox (or the handler's idempotency) absorbs.
/// </summary>
internal sealed class SqsDeleteBatcher : IAsyncDisposable
{
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);

    private readonly AmazonSqsQueue _queue;
    private readonly ILogger _logger;
    private readonly Channel<string> _receipts = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public SqsDeleteBatcher(AmazonSqsQueue queue, ILogger logger)
    {
        _queue = queue;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public void Enqueue(string receiptHandle) => _receipts.Writer.TryWrite(receiptHandle);

    private async Task RunAsync()
    {
        var batch = new List<string>(10);
        while (await _receipts.Reader.WaitToReadAsync())
        {
            var deadline = DateTime.UtcNow + Linger;
            while (batch.Count < 10)
            {
                if (_receipts.Reader.TryRead(out var receipt)) { batch.Add(receipt); continue; }
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) break;
                using var wait = new CancellationTokenSource(left);
                try { if (!await _receipts.Reader.WaitToReadAsync(wait.Token)) break; }
                catch (OperationCanceledException) { break; }
            }
            await DeleteAsync(batch);
            batch.Clear();
        }
    }

    private async Task DeleteAsync(List<string> receipts)
    {
        try
        {
            var response = await _queue.Client.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = await _queue.EnsureUrlAsync(CancellationToken.None),
                Entries = receipts.Select((r, i) => new DeleteMessageBatchRequestEntry { Id = i.ToString(), ReceiptHandle = r }).ToList(),
            });
            foreach (var failed in response.Failed ?? [])
                _logger.LogWarning("SQS kept message {Entry} of {Queue}: {Code} {Message}; it will be delivered again", failed.Id, _queue.QueueName, failed.Code, failed.Message);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Deleting {Count} messages from {Queue} failed; they will be delivered again", receipts.Count, _queue.QueueName);
        }
    }

    /// <summary>Sends what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _receipts.Writer.TryComplete();
        await _loop;
    }
}
