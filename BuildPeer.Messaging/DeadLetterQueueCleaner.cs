using Amazon.SQS;
using Microsoft.Extensions.Options;

namespace BuildPeer.Messaging;

/// <summary>Removes one envelope's copy from the SQS dead-letter queue once an operator replayed or discarded it.</summary>
public sealed class DeadLetterQueueCleaner(IAmazonSQS sqs, QueueDirectory queues, IOptions<MessagingOptions> options)
{
    public async Task<bool> RemoveAsync(Guid envelopeId, CancellationToken ct)
    {
        var url = await queues.UrlOfAsync(options.Value.DeadLetterQueueName, ct);
        var seen = new HashSet<string>();
        // SQS has no delete-by-id: look through the queue, keeping other messages visible again right away.
        for (var round = 0; round < 20; round++)
        {
            var batch = await sqs.ReceiveAsync(url, 10, 0, 30, ct);
            if (batch.Count == 0) return false;
            var found = false;
            foreach (var message in batch)
            {
                if (message.StringAttributes().GetValueOrDefault(Envelope.IdAttribute) == envelopeId.ToString())
                {
                    await sqs.DeleteMessageAsync(url, message.ReceiptHandle, ct);
                    found = true;
                }
                else
                {
                    await sqs.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 0, ct);
                    if (!seen.Add(message.MessageId)) return found;
                }
            }
            if (found) return true;
        }
        return false;
    }
}
