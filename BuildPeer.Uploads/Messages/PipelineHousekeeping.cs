namespace BuildPeer.Uploads.Messages;

/// <summary>An object the committed state no longer points at (a client's incoming copy, a quarantined file's scanned copy).</summary>
public sealed record RemoveStoredObject(string Key);

/// <summary>
/// A pipeline stage gave up on an upload (its message was dead-lettered): record UploadFailed with the stage and
/// the reason, if the upload still waits in that stage.
/// </summary>
public sealed record RecordStageFailure(Guid UploadId, Guid TenantId, string Stage, string WaitingIn, string Code, string Sentence,
    IReadOnlyDictionary<string, string>? Parameters);
