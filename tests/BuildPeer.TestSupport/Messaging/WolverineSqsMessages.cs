using System.Text.Json;
using Amazon.SQS.Model;
using Wolverine;
using Wolverine.Runtime.Serialization;

namespace BuildPeer.TestSupport.Messaging;

/// <summary>An SQS message as the Wolverine transport writes one (Wolverine's envelope format, base64), for tests that deliver by hand.</summary>
public static class WolverineSqsMessages
{
    public static SendMessageRequest For(string queueUrl, object message, Guid tenantId, Guid envelopeId) => new()
    {
        QueueUrl = queueUrl,
        MessageBody = EnvelopeSerializer.SerializeToBase64(new Envelope(message)
        {
            Id = envelopeId,
            TenantId = tenantId.ToString("D"),
            MessageType = message.GetType().FullName,
            ContentType = "application/json",
            Data = JsonSerializer.SerializeToUtf8Bytes(message, message.GetType()),
            Destination = new Uri(queueUrl),
        }),
        MessageAttributes = new() { ["wolverine-envelope-id"] = new MessageAttributeValue { DataType = "String", StringValue = envelopeId.ToString() } },
    };
}
