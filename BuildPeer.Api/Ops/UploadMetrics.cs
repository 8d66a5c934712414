using System.Diagnostics.Metrics;

namespace BuildPeer.Api.Ops;

/// <summary>
/// The ops numbers as OpenTelemetry gauges on the "BuildPeer.Uploads" meter (exported over OTLP by ServiceDefaults),
/// read from the same sample the ops page shows. One series per tenant ("tenant.id") plus "all".
/// </summary>
public sealed class UploadMetrics : IDisposable
{
    public const string MeterName = "BuildPeer.Uploads";
    public const string AllTenants = "all";

    private readonly Meter _meter = new(MeterName);

    public UploadMetrics(OpsSampler sampler)
    {
        _meter.CreateObservableGauge("buildpeer.uploads.per_minute", () => PerTenant(sampler, w => w.UploadsPerMinute),
            "{upload}/min", "Uploads completed by clients per minute, averaged over the window");
        _meter.CreateObservableGauge("buildpeer.uploads.success_rate", () => PerTenant(sampler, w => w.SuccessRate),
            "1", "Processed / (processed + failed) over the window");
        _meter.CreateObservableGauge("buildpeer.uploads.complete_to_processed.p95", () => PerTenant(sampler, w => w.P95CompleteToProcessedMs),
            "ms", "95th percentile of complete → processed over the window");
        _meter.CreateObservableGauge("buildpeer.uploads.window", () => Outcomes(sampler),
            "{upload}", "Uploads received, processed, failed and quarantined over the window");
        _meter.CreateObservableGauge("buildpeer.queue.depth", () => Queues(sampler),
            "{message}", "Messages waiting or in flight, per queue (the dead-letter queue included)");
    }

    private static IEnumerable<Measurement<double>> PerTenant(OpsSampler sampler, Func<OpsWindow, double?> value)
    {
        if (sampler.Latest is not { } sample) yield break;
        if (value(sample.AllTenants) is { } all) yield return new(all, new KeyValuePair<string, object?>("tenant.id", AllTenants));
        foreach (var (tenant, window) in sample.ByTenant)
        {
            if (value(window) is { } v) yield return new(v, new KeyValuePair<string, object?>("tenant.id", tenant.ToString()));
        }
    }

    private static IEnumerable<Measurement<long>> Outcomes(OpsSampler sampler)
    {
        if (sampler.Latest is not { } sample) yield break;
        foreach (var (tenant, window) in sample.ByTenant.Select(t => (t.Key.ToString(), t.Value)).Prepend((AllTenants, sample.AllTenants)))
        {
            yield return Outcome(window.Received, tenant, "received");
            yield return Outcome(window.Processed, tenant, "processed");
            yield return Outcome(window.Failed, tenant, "failed");
            yield return Outcome(window.Quarantined, tenant, "quarantined");
        }
    }

    private static Measurement<long> Outcome(int count, string tenant, string outcome) =>
        new(count, new KeyValuePair<string, object?>("tenant.id", tenant), new KeyValuePair<string, object?>("outcome", outcome));

    private static IEnumerable<Measurement<long>> Queues(OpsSampler sampler)
    {
        if (sampler.Latest is not { } sample) yield break;
        foreach (var (queue, role) in new[] { (sample.Uploads, "work"), (sample.DeadLetters, "dead-letter") })
        {
            if (queue.Depth is { } depth)
                yield return new(depth, new KeyValuePair<string, object?>("queue", queue.Queue), new KeyValuePair<string, object?>("queue.role", role));
        }
    }

    public void Dispose() => _meter.Dispose();
}
