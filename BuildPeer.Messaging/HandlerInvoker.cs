using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.Messaging;

/// <summary>Deserializes a message body and calls its registered IMessageHandler / IDeadLetterHandler.</summary>
public sealed class HandlerInvoker(IServiceProvider services, MessageTypeRegistry registry)
{
    public object Deserialize(string messageType, string body)
    {
        var type = registry.TypeOf(messageType) ?? throw new UnknownMessageTypeException(messageType);
        return JsonSerializer.Deserialize(body, type, DurableOutbox.Json) ?? throw new JsonException("empty message body");
    }

    public async Task<IReadOnlyList<object>> HandleAsync(object message, MessageContext context, CancellationToken ct)
    {
        var handlerType = typeof(IMessageHandler<>).MakeGenericType(message.GetType());
        var handler = services.GetService(handlerType) ?? throw new InvalidOperationException($"No handler for {message.GetType().Name}.");
        var method = handlerType.GetMethod(nameof(IMessageHandler<object>.HandleAsync))!;
        return await (Task<IReadOnlyList<object>>)method.Invoke(handler, [message, context, ct])!;
    }

    public async Task<bool> OnDeadLetteredAsync(object message, MessageContext context, Exception error, CancellationToken ct)
    {
        var handlerType = typeof(IDeadLetterHandler<>).MakeGenericType(message.GetType());
        var handler = services.GetService(handlerType);
        if (handler is null) return false;
        var method = handlerType.GetMethod(nameof(IDeadLetterHandler<object>.OnDeadLetteredAsync))!;
        await (Task)method.Invoke(handler, [message, context, error, ct])!;
        return true;
    }
}

public sealed class UnknownMessageTypeException(string messageType) : Exception($"Unknown message type '{messageType}'.");
