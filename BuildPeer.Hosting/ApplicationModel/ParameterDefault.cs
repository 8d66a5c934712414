using System.Security.Cryptography;
using System.Text.Json;

namespace BuildPeer.Hosting;

/// <summary>A parameter's default: <c>"default": {"generate": {...}}</c> or <c>"default": {"value": "..."}</c>.</summary>
public abstract class ParameterDefault
{
    public abstract void WriteToManifest(Utf8JsonWriter writer);

    public abstract string GetDefaultValue();
}

/// <summary>A fixed default value.</summary>
public sealed class ConstantParameterDefault(string value) : ParameterDefault
{
    public string Value { get; } = value;

    public override void WriteToManifest(Utf8JsonWriter writer) => writer.WriteString("value", Value);

    public override string GetDefaultValue() => Value;
}

/// <summary>A generated secret of at least <see cref="MinLength"/> characters.</summary>
public sealed class GenerateParameterDefault(int minLength) : ParameterDefault
{
    // Letters and digits only: the value ends up inside connection strings, where ; = ' " would need quoting.
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public int MinLength { get; } = minLength;

    public override void WriteToManifest(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("generate");
        writer.WriteNumber("minLength", MinLength);
        writer.WriteEndObject();
    }

    public override string GetDefaultValue() => RandomNumberGenerator.GetString(Alphabet, MinLength);
}
