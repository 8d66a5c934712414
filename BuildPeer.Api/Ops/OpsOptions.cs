namespace BuildPeer.Api.Ops;

/// <summary>The "Ops" section.</summary>
public sealed class OpsOptions
{
    /// <summary>How often the exported gauges are recomputed.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>The ops page recomputes when the last sample is older than this.</summary>
    public TimeSpan MaxSampleAge { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
    public int RecentFailures { get; set; } = 20;
}
