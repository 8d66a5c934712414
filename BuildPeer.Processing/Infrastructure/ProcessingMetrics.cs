using System.Diagnostics.Metrics;

namespace BuildPeer.Processing.Infrastructure;

/// <summary>The pipeline's own metrics (meter "BuildPeer.Processing"), exported over OTLP by ServiceDefaults.</summary>
public static class ProcessingMetrics
{
    private static readonly Meter Meter = new("BuildPeer.Processing");

    public static readonly Counter<long> Processed = Meter.CreateCounter<long>("buildpeer.uploads.processed");
    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("buildpeer.uploads.failed");
    public static readonly Counter<long> Quarantined = Meter.CreateCounter<long>("buildpeer.uploads.quarantined");
    /// <summary>Writes to an incoming key after completion, rejected (never served); a security signal worth an alarm.</summary>
    public static readonly Counter<long> OverwritesRejected = Meter.CreateCounter<long>("buildpeer.uploads.overwrites_rejected");
    public static readonly Histogram<double> ScanDuration = Meter.CreateHistogram<double>("buildpeer.scan.duration", "ms");
    public static readonly Histogram<double> ProcessDuration = Meter.CreateHistogram<double>("buildpeer.process.duration", "ms");
}
