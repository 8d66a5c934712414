using System.Collections.Concurrent;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>
/// Keeps messages whose handlers are still running hidden: every third of the visibility timeout, messages in flight
/// get their visibility extended by a whole timeout (ChangeMessageVisibilityBatch), for up to
/// <see cref="AmazonSqsQueue.MaximumVisibilityExtension"/>. Without it a handler longer than the timeout would see
/// its message delivered again to another node while it still works.
/// </summary>
internal sealed class VisibilityRenewal : IAsyncDisposable
{
    private readonly AmazonSqsQueue _queue;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, (string Receipt, DateTime ReceivedAt)> _inFlight = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public VisibilityRenewal(AmazonSqsQueue queue, ILogger logger)
    {
        _queue = queue;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, _queue.VisibilityTimeout / 3.0));

    public void Track(Message message) => _inFlight[message.MessageId] = (message.ReceiptHandle, DateTime.UtcNow);

    public void Forget(Message message) => _inFlight.TryRemove(message.MessageId, out _);

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) await RenewAsync();
        }
        catch (OperationCanceledException) { }
    }

    private async Task RenewAsync()
    {
        var now = DateTime.UtcNow;
        var due = _inFlight.Where(m => now - m.Value.ReceivedAt >= Interval).ToList();
        foreach (var expired in due.Where(m => now - m.Value.ReceivedAt > _queue.MaximumVisibilityExtension))
        {
            _inFlight.TryRemove(expired.Key, out _);
            _logger.LogWarning("Message {MessageId} of {Queue} ran past {Limit}; no longer extending its visibility", expired.Key, _queue.QueueName, _queue.MaximumVisibilityExtension);
        }
        foreach (var chunk in due.Where(m => _inFlight.ContainsKey(m.Key)).Chunk(10))
        {
            try
            {
                await _queue.Client.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
                {
                    QueueUrl = await _queue.EnsureUrlAsync(_stop.Token),
                    Entries = chunk.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry
                    {
                        Id = i.ToString(),
                        ReceiptHandle = m.Value.Receipt,
                        VisibilityTimeout = _queue.VisibilityTimeout,
                    }).ToList(),
                }, _stop.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Extending the visibility of {Count} messages of {Queue} failed", chunk.Length, _queue.QueueName);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
