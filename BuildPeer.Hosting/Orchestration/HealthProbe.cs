using System.Text.Json;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>Asks a service's /health (200 when every dependency answers) and summarizes its JSON checks.</summary>
public static class HealthProbe
{
    public const string Path = "/health";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<bool> IsHealthyAsync(string baseUrl, CancellationToken ct)
    {
        using var response = await Http.GetAsync(baseUrl + Path, ct);
        return response.IsSuccessStatusCode;
    }

    /// <summary>e.g. <c>Healthy (database, storage, queue)</c> or <c>Unhealthy: storage: S3: …</c>.</summary>
    public static async Task<string> DescribeAsync(string healthUrl, CancellationToken ct)
    {
        try
        {
            using var response = await Http.GetAsync(healthUrl, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return Summarize((int)response.StatusCode, body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "unreachable: " + e.Message;
        }
    }

    public static string Summarize(int statusCode, string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var status = json.RootElement.GetProperty("status").GetString();
            var checks = json.RootElement.GetProperty("checks").EnumerateObject().Where(c => c.Name != "self").ToList();
            var failing = checks.Where(c => c.Value.GetProperty("status").GetString() != "Healthy").ToList();
            return failing.Count == 0
                ? $"{status} ({string.Join(", ", checks.Select(c => c.Name))})"
                : $"{status}: " + string.Join("; ", failing.Select(c => $"{c.Name}: {c.Value.GetProperty("description").GetString()}"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"HTTP {statusCode}";
        }
    }
}
