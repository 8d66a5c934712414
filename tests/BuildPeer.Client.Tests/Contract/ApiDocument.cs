using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BuildPeer.Client.Tests.Contract;

/// <summary>
/// The API's checked-in OpenAPI document (BuildPeer.Api/openapi/v1.json, which the API's build writes and an
/// integration test compares with what the API serves), read as plain JSON.
/// </summary>
public sealed class ApiDocument
{
    public static readonly string FilePath = Path.Combine(FindRoot(), "BuildPeer.Api", "openapi", "v1.json");

    private readonly JsonObject _root;

    private ApiDocument(JsonObject root) => _root = root;

    public static ApiDocument Load() => new(JsonNode.Parse(File.ReadAllText(FilePath))!.AsObject());

    /// <summary>The operation for a concrete request path (e.g. /api/uploads/0198…/parts/3), or null.</summary>
    public JsonObject? Operation(string method, string path)
    {
        foreach (var (template, item) in _root["paths"]!.AsObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^/]+?\}", "[^/]+") + "$";
            if (Regex.IsMatch(path, pattern) && item![method.ToLowerInvariant()] is JsonObject operation) return operation;
        }
        return null;
    }

    public JsonObject? RequestSchema(JsonObject operation) =>
        operation["requestBody"]?["content"]?["application/json"]?["schema"] is JsonObject schema ? Resolve(schema) : null;

    /// <summary>The first 2xx response's JSON schema, or null when the success has no body.</summary>
    public JsonObject? SuccessSchema(JsonObject operation)
    {
        var success = operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).OrderBy(r => r.Key).Select(r => r.Value).FirstOrDefault();
        return success?["content"]?["application/json"]?["schema"] is JsonObject schema ? Resolve(schema) : null;
    }

    public bool SuccessHasNoBody(JsonObject operation) =>
        operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).All(r => r.Value?["content"] is null);

    /// <summary>Follows $ref and drops the null alternative of a nullable reference (oneOf [null, $ref]).</summary>
    public JsonObject Resolve(JsonObject schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return Resolve(_root["components"]!["schemas"]![reference.Split('/')[^1]]!.AsObject());
        if (schema["oneOf"] is JsonArray alternatives)
        {
            var nonNull = alternatives.OfType<JsonObject>().Where(a => a["type"]?.ToString() != "null").ToList();
            if (nonNull.Count == 1) return Resolve(nonNull[0]);
        }
        return schema;
    }

    /// <summary>Every alternative of a oneOf (each resolved), or the schema itself.</summary>
    public IEnumerable<JsonObject> Alternatives(JsonObject schema) =>
        schema["oneOf"] is JsonArray alternatives
            ? alternatives.OfType<JsonObject>().Where(a => a["type"]?.ToString() != "null").Select(Resolve)
            : [schema];

    public static IReadOnlyCollection<string> PropertyNames(JsonObject schema) =>
        schema["properties"] is JsonObject properties ? properties.Select(p => p.Key).ToList() : [];

    public static bool IsArray(JsonObject schema) =>
        schema["type"] is JsonNode type && type.ToJsonString().Contains("\"array\"", StringComparison.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BuildPeer.sln"))) return dir.FullName;
        throw new InvalidOperationException("BuildPeer.sln not found above " + AppContext.BaseDirectory);
    }
}
