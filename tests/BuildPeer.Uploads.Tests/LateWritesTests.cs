using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Uploads.Tests;

/// <summary>Only Processing's scanned copy is served; a client's URL writes incoming/, and late writes there are judged.</summary>
public sealed class LateWritesTests
{
    private static readonly Guid Tenant = Guid.NewGuid(), Project = Guid.NewGuid(), Id = Guid.NewGuid();
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly string Incoming = ObjectKeys.Incoming(Tenant, Project, Id);
    private static readonly string Stored = ObjectKeys.Original(Tenant, Project, Id);

    private static UploadStatus Requested() => UploadStatus.Fold(null,
        new UploadRequested(Id, Tenant, Project, Guid.NewGuid(), "obra.jpg", "image/jpeg", 10, null, Incoming, false, null, 10, T0), 1);

    private static UploadStatus Received() => UploadStatus.Fold(Requested(), new UploadReceived(Id, 10, "abc", "client", T0), 2);

    private static UploadStatus ScannedClean() =>
        UploadStatus.Fold(Received(), new Scanned(Id, ScanVerdictKind.Clean, null, "clamav", T0, StoredKey: Stored, StoredETag: "abc", StoredVersionId: "v1"), 3);

    [Fact]
    public void Client_urls_write_a_key_outside_every_served_prefix()
    {
        Assert.StartsWith("incoming/", Incoming);
        Assert.False(Incoming.StartsWith(ObjectKeys.UploadPrefix(Tenant, Project, Id), StringComparison.Ordinal));
        Assert.True(ObjectKeys.TryParseIncoming(Incoming, out var t, out var p, out var u));
        Assert.Equal((Tenant, Project, Id), (t, p, u));
        Assert.False(ObjectKeys.TryParseIncoming(Stored, out _, out _, out _));
        Assert.Contains("incoming/" + ObjectKeys.TenantPrefix(Tenant), ObjectKeys.TenantPrefixes(Tenant));
    }

    [Fact]
    public void Nothing_is_served_before_a_clean_scan_and_then_only_the_scanned_copy()
    {
        Assert.Null(Requested().OriginalToServe());
        Assert.Null(Received().OriginalToServe());
        var scanned = ScannedClean();
        Assert.Equal(Stored, scanned.OriginalToServe());
        Assert.Equal("v1", scanned.ServedVersionId);
        var infected = UploadStatus.Fold(Received(), new Scanned(Id, ScanVerdictKind.Infected, "Eicar", "clamav", T0, "quarantine/x", Stored), 3);
        Assert.Null(infected.OriginalToServe());
    }

    [Fact]
    public void Uploads_from_before_the_incoming_prefix_are_served_from_their_own_key()
    {
        var legacy = UploadStatus.Fold(null,
            new UploadRequested(Id, Tenant, Project, Guid.NewGuid(), "obra.jpg", "image/jpeg", 10, null, Stored, false, null, 10, T0), 1);
        legacy = UploadStatus.Fold(UploadStatus.Fold(legacy, new UploadReceived(Id, 10, "abc", "client", T0), 2),
            new Scanned(Id, ScanVerdictKind.Clean, null, "clamav", T0), 3);
        Assert.Equal(Stored, legacy.OriginalToServe());
        Assert.Null((legacy with { ServedKey = null, ObjectKey = Incoming }).OriginalToServe());
    }

    [Theory]
    [InlineData("abc", "SameBytes")]
    [InlineData("\"ABC\"", "SameBytes")]
    [InlineData("def", "RejectAndFail")]
    public void A_write_while_waiting_for_the_scan_fails_the_upload_unless_it_is_the_recorded_bytes(string etag, string verdict) =>
        Assert.Equal(Enum.Parse<LateWriteVerdict>(verdict), LateWrites.Judge(Received(), etag));

    [Fact]
    public void A_write_after_the_scan_is_rejected_and_the_upload_keeps_its_state()
    {
        Assert.Equal(LateWriteVerdict.Reject, LateWrites.Judge(ScannedClean(), "def"));
        Assert.Equal(LateWriteVerdict.SameBytes, LateWrites.Judge(ScannedClean(), "abc"));
        Assert.Equal(LateWriteVerdict.NotLate, LateWrites.Judge(Requested(), "def"));

        var after = UploadStatus.Fold(ScannedClean(), new UploadOverwriteRejected(Id, Incoming, "def", 68, "s3-event", T0.AddMinutes(1)), 4);
        Assert.Equal((UploadState.Scanned, 1, Stored), (after.Status, after.OverwritesRejected, after.OriginalToServe()));
    }
}
