using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Messages;

namespace BuildPeer.Processing.Infrastructure;

/// <summary>Deletes an object once the state that stopped pointing at it is committed (the message is cascaded in that transaction).</summary>
public static class RemoveStoredObjectHandler
{
    public static Task HandleAsync(RemoveStoredObject message, ObjectStorage storage, CancellationToken ct) => storage.DeleteAsync(message.Key, ct);
}
