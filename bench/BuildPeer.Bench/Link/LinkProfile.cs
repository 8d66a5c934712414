namespace BuildPeer.Bench.Link;

/// <summary>
/// A network link as a construction site sees it. Loss is modelled by its effect on TCP, not by dropping bytes
/// of a stream: one connection cannot move more than the Mathis et al. bound, MSS / RTT × 1.22 / √loss
/// (1 Mbit/s, 300 ms, 2 % gives ~0.34 Mbit/s per connection), so parallel connections can use more of the link.
/// An outage resets every open connection (a phone changing cell or network gets a new address) and refuses
/// new ones until it ends.
/// </summary>
public sealed record LinkProfile(
    string Name,
    double UpMbitPerSecond,
    double DownMbitPerSecond,
    TimeSpan RoundTrip,
    double Loss,
    TimeSpan OutageEvery,
    TimeSpan OutageLength)
{
    private const int SegmentBytes = 1460;

    public double UpBytesPerSecond => UpMbitPerSecond * 1_000_000 / 8;
    public double DownBytesPerSecond => DownMbitPerSecond * 1_000_000 / 8;

    /// <summary>What one TCP connection can carry at this round trip and loss (bytes/s), at most the link.</summary>
    public double PerConnectionBytesPerSecond(double linkBytesPerSecond) => Loss <= 0
        ? linkBytesPerSecond
        : Math.Min(linkBytesPerSecond, SegmentBytes / RoundTrip.TotalSeconds * 1.22 / Math.Sqrt(Loss));

    /// <summary>Seconds to move <paramref name="bytes"/> up with the whole link and nothing lost: the floor no client beats.</summary>
    public double TransferFloorSeconds(long bytes) => bytes / UpBytesPerSecond;

    public string Describe() =>
        $"{UpMbitPerSecond:0.#} Mbit/s up, {DownMbitPerSecond:0.#} down, {RoundTrip.TotalMilliseconds:0} ms RTT, {Loss * 100:0.#} % loss, " +
        (OutageLength > TimeSpan.Zero ? $"drops for {OutageLength.TotalSeconds:0} s every {OutageEvery.TotalSeconds:0} s" : "no drops");
}
