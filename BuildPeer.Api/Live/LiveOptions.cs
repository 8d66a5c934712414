namespace BuildPeer.Api.Live;

/// <summary>The "Live" section.</summary>
public sealed class LiveOptions
{
    /// <summary>A comment line this often keeps proxies and load balancers from closing an idle stream.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>What browsers wait before reconnecting (the SSE "retry" field).</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>Changes queued for one slow subscriber before it falls back to a replay from the database.</summary>
    public int SubscriberBuffer { get; set; } = 256;
    /// <summary>At most this many uploads in one replay; beyond it the client is told to reload.</summary>
    public int MaxReplay { get; set; } = 500;
    /// <summary>
    /// Global sequence numbers are taken when an event is inserted, but transactions commit in their own order, so
    /// an upload changed just before the client's Last-Event-ID may commit after it. A replay also resends what
    /// changed this long before that event (clients keep the highest version of each upload, so repeats are harmless).
    /// </summary>
    public TimeSpan ReplayOverlap { get; set; } = TimeSpan.FromSeconds(5);
}
