using BuildPeer.Processing.Infrastructure;
using BuildPeer.Processing.Scanning;
using BuildPeer.Processing.Tools;
using BuildPeer.Uploads.Messages;

namespace BuildPeer.Processing.Tests;

public sealed class PipelineErrorPolicyTests
{
    [Fact]
    public void Infrastructure_failures_are_transient_and_retried_with_cooldowns()
    {
        Assert.True(PipelineErrorPolicy.IsTransient(new TimeoutException()));
        Assert.True(PipelineErrorPolicy.IsTransient(new ClamdUnavailableException("clamd is down")));
        Assert.True(PipelineErrorPolicy.IsTransient(new HttpRequestException("reset")));
    }

    [Fact]
    public void Rules_look_at_inner_exceptions() =>
        Assert.True(PipelineErrorPolicy.IsTransient(new AggregateException(new TimeoutException())));

    [Fact]
    public void A_bug_is_not_transient_and_is_dead_lettered_at_once() =>
        Assert.False(PipelineErrorPolicy.IsTransient(new InvalidOperationException("a bug")));

    [Fact]
    public void A_dead_lettered_scan_fails_the_upload_waiting_in_Received_with_the_stage_and_reason()
    {
        var upload = Guid.NewGuid();
        var tenant = Guid.NewGuid();
        var failure = PipelineErrorPolicy.FailureFor(new ScanUpload(upload, tenant), new TimeoutException("clamd took too long"), DateTimeOffset.UnixEpoch);
        Assert.NotNull(failure);
        Assert.Equal((upload, tenant, ScanUploadHandler.Stage, "Received", "stage_gave_up"),
            (failure.UploadId, failure.TenantId, failure.Stage, failure.WaitingIn, failure.Code));
        Assert.Equal(DateTimeOffset.UnixEpoch, failure.GaveUpAt); // a copy handled after a replay is recognised as stale
    }

    [Fact]
    public void A_missing_object_keeps_its_own_explained_reason()
    {
        var failure = PipelineErrorPolicy.FailureFor(new ProcessUpload(Guid.NewGuid(), Guid.NewGuid()), new StoredObjectMissingException("k"), DateTimeOffset.UnixEpoch);
        Assert.NotNull(failure);
        Assert.Equal(("process", "Scanned"), (failure.Stage, failure.WaitingIn));
        Assert.NotEqual("stage_gave_up", failure.Code);
    }

    [Fact]
    public void Messages_outside_the_pipeline_fail_no_upload() =>
        Assert.Null(PipelineErrorPolicy.FailureFor(new RemoveStoredObject("k"), new TimeoutException(), DateTimeOffset.UnixEpoch));
}
