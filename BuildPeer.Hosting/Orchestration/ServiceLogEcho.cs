using System.Text.Json;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>
/// Echoes the services' output to the console, one compact line per JSON log entry:
/// <c>api        | 12:01:02 info  Microsoft.Hosting.Lifetime: Now listening on: http://127.0.0.1:5080</c>.
/// Routine entries of the framework's HTTP plumbing (each request and each outgoing call, four lines apiece) are
/// left out below Warning; the log files keep everything.
/// </summary>
public sealed class ServiceLogEcho(TextWriter output, int nameWidth)
{
    private static readonly string[] QuietCategories = ["System.Net.Http.", "Microsoft.AspNetCore.", "Microsoft.Extensions.Http."];

    public void Write(string resourceName, string line)
    {
        if (string.IsNullOrWhiteSpace(line) || IsRoutine(line)) return;
        output.WriteLine($"{resourceName.PadRight(nameWidth)} | {Format(line)}");
    }

    public static bool IsRoutine(string line)
    {
        if (!line.StartsWith('{')) return false;
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var level = root.TryGetProperty("LogLevel", out var l) ? l.GetString() : null;
            var category = root.TryGetProperty("Category", out var c) ? c.GetString() ?? "" : "";
            return level is "Trace" or "Debug" or "Information" && QuietCategories.Any(q => category.StartsWith(q, StringComparison.Ordinal));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static string Format(string line)
    {
        if (!line.StartsWith('{')) return line;
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var time = root.TryGetProperty("Timestamp", out var t) && DateTimeOffset.TryParse(t.GetString(), out var at) ? at.ToString("HH:mm:ss") + " " : "";
            var level = root.TryGetProperty("LogLevel", out var l) ? Abbreviate(l.GetString()) : "";
            var category = root.TryGetProperty("Category", out var c) ? c.GetString() + ": " : "";
            var message = root.TryGetProperty("Message", out var m) ? m.GetString() : line;
            var exception = root.TryGetProperty("Exception", out var e) && e.GetString() is { Length: > 0 } text
                ? " | " + text.Split('\n')[0].Trim()
                : "";
            return $"{time}{level,-5} {category}{message}{exception}";
        }
        catch (JsonException)
        {
            return line;
        }
    }

    private static string Abbreviate(string? level) => level switch
    {
        "Trace" => "trce",
        "Debug" => "dbug",
        "Information" => "info",
        "Warning" => "warn",
        "Error" => "fail",
        "Critical" => "crit",
        _ => level ?? "",
    };
}
