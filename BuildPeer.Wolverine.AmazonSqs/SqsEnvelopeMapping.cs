using System.Diagnostics;
using System.Text;
using Amazon.SQS.Model;
using Wolverine;
using Wolverine.Runtime.Serialization;
using Wolverine.Transports;

namespace BuildPeer.Wolverine.AmazonSqs;

/// <summary>
/// Envelope ⇄ SQS message: the body is Wolverine's own envelope format in base64 (headers, tenant, attempts travel
/// inside it); the trace context, the envelope id and the message type are also message attributes, so SQS tools,
/// dead-letter queues and other consumers see them without decoding the body.
/// </summary>
internal static class SqsEnvelopeMapping
{
    public const string TraceParentAttribute = "traceparent";
    public const string EnvelopeIdAttribute = "wolverine-envelope-id";
    public const string MessageTypeAttribute = "wolverine-message-type";
    public const string ErrorAttribute = "wolverine-error";

    public static (string Body, Dictionary<string, MessageAttributeValue> Attributes) ToSqs(Envelope envelope)
    {
        var traceParent = envelope.ParentId ?? Activity.Current?.Id;
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            [EnvelopeIdAttribute] = Text(envelope.Id.ToString()),
        };
        if (envelope.MessageType is { Length: > 0 } type) attributes[MessageTypeAttribute] = Text(type);
        if (traceParent is { Length: > 0 }) attributes[TraceParentAttribute] = Text(traceParent);

        var body = EnvelopeSerializer.SerializeToBase64(envelope);
        var size = Encoding.UTF8.GetByteCount(body)
            + attributes.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + a.Value.DataType.Length + Encoding.UTF8.GetByteCount(a.Value.StringValue));
        if (size > StartupRefusals.MaximumMessageBytes)
            throw new MessageTooLargeException(envelope, StartupRefusals.MaximumMessageBytes,
                "SQS takes at most 256 KB per message; keep files in S3 and send their keys");
        return (body, attributes);
    }

    /// <summary>Null when the message is not a Wolverine envelope (another producer, a corrupted body).</summary>
    public static SqsEnvelope? TryRead(Message message, out Exception? error)
    {
        try
        {
            var envelope = new SqsEnvelope(message);
            EnvelopeSerializer.ReadEnvelopeData(envelope, Convert.FromBase64String(message.Body));
            if (envelope.ParentId is null && message.MessageAttributes?.TryGetValue(TraceParentAttribute, out var trace) == true)
                envelope.ParentId = trace.StringValue;
            error = null;
            return envelope;
        }
        catch (Exception e)
        {
            error = e;
            return null;
        }
    }

    public static MessageAttributeValue Text(string value) => new() { DataType = "String", StringValue = value };
}
