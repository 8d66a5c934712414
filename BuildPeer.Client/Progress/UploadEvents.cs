using BuildPeer.Client.Files;
using BuildPeer.Client.Retries;
using BuildPeer.Client.Transfers;

namespace BuildPeer.Client.Progress;

/// <summary>What the client tells its caller while it works, e.g. to draw progress bars. Raised from several threads.</summary>
public abstract record UploadEvent(UploadFile File);

public sealed record FileStarted(UploadFile File) : UploadEvent(File);

/// <summary>Bytes written to storage; negative when a try failed and its bytes will be sent again.</summary>
public sealed record BytesSent(UploadFile File, long Delta) : UploadEvent(File);

/// <summary>Bytes that need no sending: parts stored by an earlier run, or a duplicate of a stored file.</summary>
public sealed record BytesAlreadyStored(UploadFile File, long Bytes) : UploadEvent(File);

public sealed record RetryScheduled(UploadFile File, RetryNotice Notice) : UploadEvent(File);

public sealed record StatusChanged(UploadFile File, string Status) : UploadEvent(File);

public sealed record FileFinished(FileUploadResult Result) : UploadEvent(Result.File);
