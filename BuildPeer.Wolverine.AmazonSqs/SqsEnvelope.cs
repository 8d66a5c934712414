using Amazon.SQS.Model;
using Wolverine;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>A received envelope that remembers the SQS message (its receipt handle) to delete or hide again.</summary>
internal sealed class SqsEnvelope(Message message) : Envelope
{
    public Message SqsMessage { get; } = message;
}
