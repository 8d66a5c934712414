using JasperFx.Events;
using BuildPeer.Data;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.Uploads.Events;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.EventStore;

[Collection(SystemCollection.Name)]
public sealed class ExpectedVersionTests(BuildPeerSystem system)
{
    private TenantSessions Store => system.Api.Services.GetRequiredService<TenantSessions>();

    private static UploadRequested Requested(Guid id, Guid tenant) =>
        new(id, tenant, Guid.NewGuid(), Guid.NewGuid(), "a.jpg", "image/jpeg", 10, null, "k", false, null, 10, DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_writer_with_a_stale_expected_version_fails_and_writes_nothing()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var id = Guid.NewGuid();
        await using (var start = await Store.OpenAsync(tenant.TenantId))
        {
            start.Events.StartStream<BuildPeer.Uploads.Projection.UploadStatus>(id, Requested(id, tenant.TenantId));
            await start.SaveChangesAsync();
        }

        await using var first = await Store.OpenAsync(tenant.TenantId);
        await using var second = await Store.OpenAsync(tenant.TenantId);
        first.AppendAt(id, 1, new UploadReceived(id, 10, "etag", "client", DateTimeOffset.UtcNow));
        second.AppendAt(id, 1, new UploadFailed(id, "test", "concurrent", DateTimeOffset.UtcNow));
        await first.SaveChangesAsync();

        var error = await Assert.ThrowsAsync<EventStreamUnexpectedMaxEventIdException>(() => second.SaveChangesAsync());
        Assert.Equal(id, error.Id);

        await using var read = await Store.OpenAsync(tenant.TenantId);
        var events = await read.Events.FetchStreamAsync(id);
        Assert.Equal(["upload_requested", "upload_received"], events.Select(e => e.EventTypeName));
        var status = await UploadStatusQueries.GetAsync(read, id, default);
        Assert.Equal(2, status!.Version);
        Assert.Equal(BuildPeer.Uploads.Projection.UploadState.Received, status.Status);
    }

    [Fact]
    public async Task Starting_a_stream_twice_fails()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var id = Guid.NewGuid();
        await using (var s = await Store.OpenAsync(tenant.TenantId))
        {
            s.Events.StartStream<BuildPeer.Uploads.Projection.UploadStatus>(id, Requested(id, tenant.TenantId));
            await s.SaveChangesAsync();
        }
        await using var again = await Store.OpenAsync(tenant.TenantId);
        again.Events.StartStream<BuildPeer.Uploads.Projection.UploadStatus>(id, Requested(id, tenant.TenantId));
        again.Events.Append(id, new UploadFailed(id, "test", "must not land", DateTimeOffset.UtcNow));
        await Assert.ThrowsAsync<Marten.Exceptions.ExistingStreamIdCollisionException>(() => again.SaveChangesAsync());

        await using var read = await Store.OpenAsync(tenant.TenantId);
        Assert.Equal(["upload_requested"], (await read.Events.FetchStreamAsync(id)).Select(e => e.EventTypeName));
        Assert.Equal(BuildPeer.Uploads.Projection.UploadState.Requested, (await UploadStatusQueries.GetAsync(read, id, default))!.Status);
    }

    [Fact]
    public async Task Events_get_a_global_sequence_and_the_marten_type_names()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var id = Guid.NewGuid();
        await using var s = await Store.OpenAsync(tenant.TenantId);
        s.Events.StartStream<BuildPeer.Uploads.Projection.UploadStatus>(id, Requested(id, tenant.TenantId),
            new UploadReceived(id, 10, "e", "client", DateTimeOffset.UtcNow));
        await s.SaveChangesAsync();

        await using var read = await Store.OpenAsync(tenant.TenantId);
        var events = await read.Events.FetchStreamAsync(id);
        Assert.Equal([1L, 2], events.Select(e => e.Version));
        Assert.True(events[1].Sequence > events[0].Sequence);
        Assert.All(events, e => Assert.Equal(BuildPeer.Data.Streams.UploadStreamStore.TenantIdOf(tenant.TenantId), e.TenantId));
        Assert.IsType<UploadReceived>(events[1].Data);
    }
}
