namespace BuildPeer.Uploads.Messages;

/// <summary>An object the committed state no longer points at (a client's incoming copy, a quarantined file's scanned copy).</summary>
public sealed record RemoveStoredObject(string Key);

/// <summary>
/// A pipeline stage gave up on an upload (its message was dead-lettered) at <paramref name="GaveUpAt"/>: record
/// UploadFailed with the stage and the reason, if the upload still waits in that stage and nothing happened to it
/// since (an operator's replay, which moves it back to that stage, makes a late copy of this message stale).
/// </summary>
public sealed record RecordStageFailure(Guid UploadId, Guid TenantId, string Stage, string WaitingIn, string Code, string Sentence,
    IReadOnlyDictionary<string, string>? Parameters, DateTimeOffset? GaveUpAt = null);
