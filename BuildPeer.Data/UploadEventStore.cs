using BuildPeer.EventStore;
using BuildPeer.Uploads.Events;

namespace BuildPeer.Data;

public static class UploadEventStore
{
    public const string StreamType = "upload";

    /// <summary>The event store configuration both services share: upload events and the inline status projection.</summary>
    public static StoreOptions CreateOptions()
    {
        var options = new StoreOptions();
        options.Events
            .Register<UploadRequested>()
            .Register<UploadPartConfirmed>()
            .Register<UploadReceived>()
            .Register<Scanned>()
            .Register<Processed>()
            .Register<UploadFailed>()
            .Register<UploadRetried>()
            .Register<UploadOverwriteRejected>()
            .Register<UploadExpired>()
            .Register<UploadDeleted>();
        options.InlineProjections.Add(new UploadStatusProjection());
        return options;
    }
}
