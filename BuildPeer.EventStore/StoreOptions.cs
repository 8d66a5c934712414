using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuildPeer.EventStore;

public sealed class StoreOptions
{
    public EventTypeRegistry Events { get; } = new();
    public List<IInlineProjection> InlineProjections { get; } = [];

    public JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
