using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using JasperFx.Events;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Weasel.Core;
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
    public const string ListingIndex = "mt_doc_uploadstatus_listing";
    public const string DuplicatesIndex = "mt_doc_uploadstatus_sha256";

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
        // Rich, not Quick: the inline projection needs each event's version and global sequence (UploadStatus.Version
        // is what the next writer expects; LastSequence orders live streams), which Quick leaves unset.
        options.Events.AppendMode = EventAppendMode.Rich;
        // Which request or message appended each event (the fault suite matches deliveries to events by causation).
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        // camelCase and enums as strings: the shape SQL reads (the upload_status view, the ops functions) rely on.
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        // Columns the listings, live streams, reconciler and ops views filter and sort on (see the upload_status view);
        // the listing's and duplicate detection's indexes are the owner's (UploadStreamSchema), outside Marten's model.
        options.Schema.For<UploadStatus>().MultiTenanted()
            .Duplicate(x => x.ProjectId)
            .Duplicate(x => x.Stages.RequestedAt!, pgType: "timestamptz")
            .Duplicate(x => x.Status, pgType: "text")
            .Duplicate(x => x.UpdatedAt, pgType: "timestamptz")
            .Duplicate(x => x.LastSequence)
            .IgnoreIndex(ListingIndex)
            .IgnoreIndex(DuplicatesIndex);
        options.Projections.Add(new UploadStatusProjection(), ProjectionLifecycle.Inline);
        options.UseRowLevelSecurity(TenantSetting);
        options.DisableNpgsqlLogging = true;
        // No retries inside Marten: a session is enlisted in TenantSession's transaction, which a retried command cannot
        // resume after the connection broke; the NpgsqlException goes to the caller, whose retry policy starts over.
        options.ConfigurePolly(_ => { });
        options.ConfigureWritePolly(_ => { });
    }

    public static string TenantIdOf(Guid tenantId) => tenantId.ToString("D");

    /// <summary>How UploadStatus documents are serialized, for SQL reads of the upload_status view's data column.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
