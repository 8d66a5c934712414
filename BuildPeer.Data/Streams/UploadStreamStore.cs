using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using JasperFx.Events;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Events.Projections;

namespace BuildPeer.Data.Streams;

/// <summary>
/// Marten's configuration of the upload streams, shared by both services and the owner's migration: conjoined tenancy
/// (the tenant id is the tenant's Guid as text), UploadStatus as an inline single-stream projection of its own
/// Create/Apply methods, and row-level security keyed on app.tenant_id, which Marten sets on every connection.
/// </summary>
public static class UploadStreamStore
{
    public const string Schema = "uploads";
    public const string TenantSetting = "app.tenant_id";

    public static readonly Type[] EventTypes =
    [
        typeof(UploadRequested), typeof(UploadPartConfirmed), typeof(UploadReceived), typeof(Scanned), typeof(Processed),
        typeof(UploadFailed), typeof(UploadRetried), typeof(UploadOverwriteRejected), typeof(UploadExpired), typeof(UploadDeleted),
    ];

    public static void Configure(StoreOptions options)
    {
        options.DatabaseSchemaName = Schema;
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        options.Events.TenancyStyle = TenancyStyle.Conjoined;
        options.Events.AddEventTypes(EventTypes);
        options.Schema.For<UploadStatus>().MultiTenanted();
        options.Projections.Snapshot<UploadStatus>(SnapshotLifecycle.Inline);
        options.UseRowLevelSecurity(TenantSetting);
        options.DisableNpgsqlLogging = true;
    }

    public static string TenantIdOf(Guid tenantId) => tenantId.ToString("D");
}
