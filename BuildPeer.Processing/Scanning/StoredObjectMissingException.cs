using BuildPeer.Processing.Infrastructure;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Processing.Scanning;

/// <summary>
/// The uploaded object is gone before the scan read it. Not retried: it goes to the dead letters, where an
/// operator who restores the file (e.g. from a bucket version) can replay it; the upload fails as no_longer_stored.
/// </summary>
public sealed class StoredObjectMissingException(string key) : Exception($"The specified key does not exist: {key}"), IExplainedFailure
{
    public string Key { get; } = key;
    public FailureReason Reason => FailureReason.NoLongerStored();
}
