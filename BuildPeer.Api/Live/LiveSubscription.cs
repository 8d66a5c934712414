using System.Threading.Channels;

namespace BuildPeer.Api.Live;

/// <summary>
/// One SSE client's mailbox. The hub only ever writes without waiting; when the buffer is full, or the listener
/// lost its connection and may have missed notifications, the subscriber is asked to catch up from the database.
/// </summary>
public sealed class LiveSubscription
{
    private readonly Channel<UploadChange> _changes;
    private int _resync;

    public LiveSubscription(LiveScope scope, int buffer)
    {
        Scope = scope;
        _changes = Channel.CreateBounded<UploadChange>(new BoundedChannelOptions(buffer)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
    }

    public Guid Id { get; } = Guid.NewGuid();
    public LiveScope Scope { get; }
    public ChannelReader<UploadChange> Changes => _changes.Reader;

    public void Deliver(UploadChange change)
    {
        if (!_changes.Writer.TryWrite(change)) RequestResync();
    }

    public void RequestResync()
    {
        Interlocked.Exchange(ref _resync, 1);
        // Wakes the reader if it is waiting; if the buffer is full it is awake anyway.
        _changes.Writer.TryWrite(Wake);
    }

    /// <summary>True once after a resync was requested.</summary>
    public bool TakeResync() => Interlocked.Exchange(ref _resync, 0) == 1;

    public void Complete() => _changes.Writer.TryComplete();

    /// <summary>Not a change: only wakes the reader to look at the resync flag.</summary>
    public static readonly UploadChange Wake = new(Guid.Empty, Guid.Empty, Guid.Empty, "", 0, 0, "wake");
}
