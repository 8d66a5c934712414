namespace BuildPeer.Processing.Expiry;

/// <summary>The "Expiry" section: abandoned uploads (never completed) expire after <see cref="ExpireAfter"/>.</summary>
public sealed class ExpiryOptions
{
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromMinutes(5);
    public int BatchSize { get; set; } = 100;
}
