namespace BuildPeer.Processing.Receiving;

/// <summary>The "Reconciler" section.</summary>
public sealed class ReconcilerOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>A Requested upload older than this whose object is stored gets received.</summary>
    public TimeSpan RequestedAfter { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>A Received or Scanned upload with no progress for this long gets its next message again.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(10);
    public int BatchSize { get; set; } = 200;
}
