using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Transports;
using Wolverine.Transports.Sending;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>
/// Buffered and durable sending: Wolverine's BatchedSender hands over batches, sent with SendMessageBatch (10 entries,
/// 256 KB at most per call); what SQS accepted is reported back so the outbox deletes exactly those rows.
/// </summary>
internal sealed class SqsSenderProtocol(AmazonSqsQueue queue) : ISenderProtocol
{
    public async Task SendBatchAsync(ISenderCallback callback, OutgoingMessageBatch batch)
    {
        var accepted = new List<Envelope>();
        var refused = new List<Envelope>();
        var tooLarge = new List<Envelope>();
        try
        {
            var url = await queue.EnsureUrlAsync(CancellationToken.None);
            foreach (var chunk in Chunks(batch.Messages, tooLarge))
            {
                var entries = chunk.Select((item, i) => new SendMessageBatchRequestEntry
                {
                    Id = i.ToString(),
                    MessageBody = item.Body,
                    MessageAttributes = item.Attributes,
                }).ToList();
                var response = await queue.Client.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = entries });
                var failed = (response.Failed ?? []).Select(f => int.Parse(f.Id)).ToHashSet();
                for (var i = 0; i < chunk.Count; i++) (failed.Contains(i) ? refused : accepted).Add(chunk[i].Envelope);
            }
        }
        catch (Exception e)
        {
            // Nothing after the failing call was sent: report what was accepted, fail the rest.
            if (accepted.Count > 0) await callback.MarkSuccessfulAsync(new OutgoingMessageBatch(batch.Destination, accepted));
            await callback.MarkProcessingFailureAsync(new OutgoingMessageBatch(batch.Destination, batch.Messages.Except(accepted).Except(tooLarge).ToList()), e);
            if (tooLarge.Count > 0) await callback.MarkSerializationFailureAsync(new OutgoingMessageBatch(batch.Destination, tooLarge));
            return;
        }

        if (accepted.Count > 0) await callback.MarkSuccessfulAsync(new OutgoingMessageBatch(batch.Destination, accepted));
        if (refused.Count > 0) await callback.MarkProcessingFailureAsync(new OutgoingMessageBatch(batch.Destination, refused));
        // Sending again cannot make it smaller: like a message that cannot be serialized, it is not retried.
        if (tooLarge.Count > 0) await callback.MarkSerializationFailureAsync(new OutgoingMessageBatch(batch.Destination, tooLarge));
    }

    private sealed record Item(Envelope Envelope, string Body, Dictionary<string, MessageAttributeValue> Attributes, int Size);

    /// <summary>Groups of at most 10 messages and 256 KB; a message over 256 KB on its own goes to <paramref name="tooLarge"/>.</summary>
    private static IEnumerable<List<Item>> Chunks(IEnumerable<Envelope> envelopes, List<Envelope> tooLarge)
    {
        var chunk = new List<Item>();
        var bytes = 0;
        foreach (var envelope in envelopes)
        {
            Item item;
            try
            {
                var (body, attributes) = SqsEnvelopeMapping.ToSqs(envelope);
                item = new Item(envelope, body, attributes, body.Length + attributes.Sum(a => a.Key.Length + a.Value.StringValue.Length + 6));
            }
            catch (MessageTooLargeException)
            {
                tooLarge.Add(envelope);
                continue;
            }
            if (chunk.Count == 10 || bytes + item.Size > StartupRefusals.MaximumMessageBytes)
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }
            chunk.Add(item);
            bytes += item.Size;
        }
        if (chunk.Count > 0) yield return chunk;
    }
}
