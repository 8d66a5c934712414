using BuildPeer.Data;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.Processing.Receiving;
using BuildPeer.TestSupport;
using BuildPeer.Uploads.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.IntegrationTests.Resilience;

[Collection(SystemCollection.Name)]
public sealed class ReconcilerTests(BuildPeerSystem system)
{
    private Reconciler Reconciler(TimeSpan requestedAfter, TimeSpan stuckAfter)
    {
        var s = system.Processing.Services;
        return new Reconciler(s.GetRequiredService<NpgsqlDataSource>(), s.GetRequiredService<TenantSessions>(),
            s.GetRequiredService<UploadReceiver>(), s.GetRequiredService<LateWriteGuard>(), s.GetRequiredService<BuildPeer.ServiceDefaults.Aws.ObjectStorage>(), TimeProvider.System,
            Options.Create(new ReconcilerOptions { RequestedAfter = requestedAfter, StuckAfter = stuckAfter, BatchSize = 1000 }), NullLogger<Reconciler>.Instance);
    }

    [Fact]
    public async Task A_stored_file_whose_client_vanished_before_complete_is_received_and_processed()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        var sent = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "a.png", "image/png", bytes.Length);
        await UploadDriver.PutAsync(sent, bytes);
        var neverSent = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "b.png", "image/png", bytes.Length);
        await Task.Delay(1100);

        var (received, _) = await Reconciler(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)).ReconcileAsync(default);

        Assert.True(received >= 1);
        Assert.Equal("Processed", (await UploadDriver.WaitForFinalAsync(api, sent.UploadId)).Final.Status);
        var untouched = await UploadDriver.ViewAsync(api, neverSent.UploadId);
        Assert.Equal("Requested", untouched.Status);
    }

    [Fact]
    public async Task An_upload_stuck_in_received_without_its_message_is_sent_again()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "perdido.png", "image/png", bytes.Length);
        await UploadDriver.PutAsync(ticket, bytes);
        // Received, but its ScanUpload message was lost (written without the outbox).
        var etag = await system.ETagOfAsync(ticket.ObjectKey);
        await using (var session = await system.Api.Services.GetRequiredService<TenantSessions>().OpenAsync(tenant.TenantId))
        {
            session.AppendAt(ticket.UploadId, 1, new UploadReceived(ticket.UploadId, bytes.Length, etag, "test", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await Task.Delay(1100);

        var (_, resent) = await Reconciler(TimeSpan.FromHours(1), TimeSpan.FromSeconds(1)).ReconcileAsync(default);

        Assert.True(resent >= 1);
        Assert.Equal("Processed", (await UploadDriver.WaitForFinalAsync(api, ticket.UploadId)).Final.Status);
    }
}
