using Amazon.SQS.Model;
using Wolverine;
using Wolverine.Transports.Sending;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>Inline sending: one SendMessage per envelope on the caller's thread; a message over 256 KB throws MessageTooLargeException.</summary>
internal sealed class InlineSqsSender(AmazonSqsQueue queue) : ISender
{
    public bool SupportsNativeScheduledSend => false;
    public Uri Destination => queue.Uri;

    public async Task<bool> PingAsync()
    {
        try
        {
            await queue.Client.GetQueueUrlAsync(queue.QueueName);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public async ValueTask SendAsync(Envelope envelope)
    {
        var (body, attributes) = SqsEnvelopeMapping.ToSqs(envelope);
        await queue.Client.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = await queue.EnsureUrlAsync(CancellationToken.None),
            MessageBody = body,
            MessageAttributes = attributes,
        });
    }
}
