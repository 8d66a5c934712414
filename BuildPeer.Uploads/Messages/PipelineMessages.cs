namespace BuildPeer.Uploads.Messages;

/// <summary>Sent (through the outbox) when an upload's bytes are in storage: scan them.</summary>
public sealed record ScanUpload(Guid UploadId, Guid TenantId);

/// <summary>Cascaded by the scan handler for clean files: extract metadata and make renditions.</summary>
public sealed record ProcessUpload(Guid UploadId, Guid TenantId);
