namespace BuildPeer.Messaging;

/// <summary>Message types known to this node, by alias (the type's full name, as Wolverine's default), and where each is routed.</summary>
public sealed class MessageTypeRegistry
{
    private readonly Dictionary<string, Type> _byAlias = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _destinations = new();

    public MessageTypeRegistry Route<T>(string queueName)
    {
        _byAlias[AliasOf(typeof(T))] = typeof(T);
        _destinations[typeof(T)] = queueName;
        return this;
    }

    public static string AliasOf(Type type) => type.FullName!;

    public string DestinationOf(Type type) =>
        _destinations.TryGetValue(type, out var queue) ? queue : throw new InvalidOperationException($"No route for message type {type.FullName}.");

    public Type? TypeOf(string alias) => _byAlias.GetValueOrDefault(alias);
}
