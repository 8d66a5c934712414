using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.Api.Ops;

/// <summary>
/// This API's own health checks (database, storage, queue, live notifications), plus the Processing worker's
/// /health (clamd among its checks) when its address is configured the Aspire way (services__processing__http__0).
/// </summary>
public sealed class OpsHealthProbe(HealthCheckService health, IHttpClientFactory http, IConfiguration configuration)
{
    public const string ProcessingAddressKey = "services:processing:http:0";

    public async Task<OpsHealth> CheckAsync(CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(ct);
        var checks = report.Entries
            .Select(e => new DependencyHealth("api/" + e.Key, e.Value.Status.ToString(), e.Value.Description ?? e.Value.Exception?.Message, (int)e.Value.Duration.TotalMilliseconds))
            .ToList();
        if (configuration[ProcessingAddressKey] is { Length: > 0 } processing) checks.AddRange(await ProcessingAsync(processing, ct));
        var worst = checks.Select(c => Enum.TryParse<HealthStatus>(c.Status, out var s) ? s : HealthStatus.Unhealthy).DefaultIfEmpty(HealthStatus.Healthy).Min();
        return new OpsHealth(worst.ToString(), checks);
    }

    private async Task<IReadOnlyList<DependencyHealth>> ProcessingAsync(string address, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var response = await http.CreateClient("ops").GetAsync(new Uri(new Uri(address), "/health"), timeout.Token);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            return body.RootElement.GetProperty("checks").EnumerateObject()
                .Select(c => new DependencyHealth("processing/" + c.Name, c.Value.GetProperty("status").GetString() ?? "Unhealthy",
                    c.Value.TryGetProperty("description", out var d) ? d.GetString() : null, c.Value.TryGetProperty("ms", out var ms) ? ms.GetInt32() : 0))
                .ToList();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return [new DependencyHealth("processing", "Unhealthy", "No health answer from the Processing worker: " + e.Message, (int)(DateTime.UtcNow - started).TotalMilliseconds)];
        }
    }
}
