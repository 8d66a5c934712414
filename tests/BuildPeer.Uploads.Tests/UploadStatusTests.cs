using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;

namespace BuildPeer.Uploads.Tests;

public sealed class UploadStatusTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static UploadRequested Requested() =>
        new(Id, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "obra.jpg", "image/jpeg", 2_000_000, null, "key", false, null, 2_000_000, T0);

    [Fact]
    public void A_stream_folds_to_processed_with_every_stage_time()
    {
        var s = UploadStatus.Fold(null, Requested(), 1);
        s = UploadStatus.Fold(s, new UploadReceived(Id, 2_000_100, "etag", "client", T0.AddSeconds(5)), 2);
        s = UploadStatus.Fold(s, new Scanned(Id, ScanVerdictKind.Clean, null, "clamav", T0.AddSeconds(6)), 3);
        s = UploadStatus.Fold(s, new Processed(Id, "abc", new FileMetadata(Width: 10), [new Rendition("thumb-200", "k", "image/jpeg", 200, 150, 1)], T0.AddSeconds(7)), 4);

        Assert.Equal(UploadState.Processed, s.Status);
        Assert.Equal(4, s.Version);
        Assert.Equal(2_000_100, s.Size);
        Assert.Equal(T0.AddSeconds(5), s.Stages.ReceivedAt);
        Assert.Equal(T0.AddSeconds(7), s.Stages.ProcessedAt);
        Assert.Equal("thumb-200", Assert.Single(s.Renditions).Name);
    }

    [Fact]
    public void An_infected_scan_quarantines()
    {
        var s = UploadStatus.Fold(UploadStatus.Fold(null, Requested(), 1), new Scanned(Id, ScanVerdictKind.Infected, "Eicar", "clamav", T0), 2);
        Assert.Equal(UploadState.Quarantined, s.Status);
        Assert.Equal("Eicar", s.ScanSignature);
        Assert.True(s.Status.IsFinal());
    }

    [Fact]
    public void A_failure_records_the_stage_and_reason()
    {
        var s = UploadStatus.Fold(UploadStatus.Fold(null, Requested(), 1), new UploadFailed(Id, "process", "checksum mismatch", T0), 2);
        Assert.Equal(UploadState.Failed, s.Status);
        Assert.Equal(("process", "checksum mismatch"), (s.FailedStage, s.FailureReason));
    }

    [Fact]
    public void A_stream_must_start_with_UploadRequested()
    {
        var error = Assert.Throws<InvalidOperationException>(() => UploadStatus.Fold(null, new UploadReceived(Id, 1, "e", "client", T0), 1));
        Assert.Contains(nameof(UploadRequested), error.Message);
    }
}
