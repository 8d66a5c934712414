using System.Text.Json;

namespace BuildPeer.Client.Api;

/// <summary>Turns an RFC 7807 problem body into one line a person can act on.</summary>
internal static class ProblemMessage
{
    public static string From(int status, string? reason, string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var title = Text(root, "title");
            var detail = Text(root, "detail");
            var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object
                ? string.Join(" ", e.EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(m => m.GetString())))
                : null;
            var parts = new[] { title, detail, errors }.Where(s => !string.IsNullOrWhiteSpace(s));
            var text = string.Join(": ", parts);
            if (text.Length > 0) return text;
        }
        catch (JsonException) { /* not JSON: fall through */ }
        return string.IsNullOrWhiteSpace(body) ? reason ?? $"HTTP {status}" : body.Length > 300 ? body[..300] : body;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
