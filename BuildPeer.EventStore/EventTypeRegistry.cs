using System.Text;

namespace BuildPeer.EventStore;

/// <summary>
/// Maps event CLR types to stored type names the way Marten does: the type name in snake_case
/// (UploadRequested → upload_requested), with the .NET type name kept beside it in mt_dotnet_type.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = new();

    public EventTypeRegistry Register<T>() => Register(typeof(T));

    public EventTypeRegistry Register(Type type)
    {
        var name = ToSnakeCase(type.Name);
        _byName[name] = type;
        _byType[type] = name;
        return this;
    }

    public string NameOf(Type type) =>
        _byType.TryGetValue(type, out var name) ? name : throw new InvalidOperationException($"Event type {type.FullName} is not registered.");

    public Type TypeOf(string name) =>
        _byName.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"Unknown event type '{name}'.");

    public static string DotNetTypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0) builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
