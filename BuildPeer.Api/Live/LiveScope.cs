namespace BuildPeer.Api.Live;

/// <summary>What one subscriber may receive: its tenant, and one project or one upload in it (access checked at subscribe time).</summary>
public sealed record LiveScope(Guid TenantId, Guid? ProjectId, Guid? UploadId)
{
    public static LiveScope Project(Guid tenantId, Guid projectId) => new(tenantId, projectId, null);
    public static LiveScope Upload(Guid tenantId, Guid uploadId) => new(tenantId, null, uploadId);

    public bool Matches(UploadChange change) =>
        change.TenantId == TenantId
        && (ProjectId is null || change.ProjectId == ProjectId)
        && (UploadId is null || change.UploadId == UploadId);
}
