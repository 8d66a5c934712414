using BuildPeer.Data;
using BuildPeer.TestSupport;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Messages;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildPeer.IntegrationTests.Resilience;

[Collection(SystemCollection.Name)]
public sealed class OutboxOutageTests(BuildPeerSystem system)
{
    [Fact]
    public async Task Outbox_envelopes_wait_while_the_queue_is_down_and_are_sent_when_it_returns()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "corte.png", "image/png", bytes.Length);
        await UploadDriver.PutAsync(ticket, bytes);
        var etag = await system.ETagOfAsync(ticket.ObjectKey);

        PosixSignals.Stop(system.Deps.FauxqsPid);
        try
        {
            await using (var session = await system.Api.Services.GetRequiredService<TenantSessions>().OpenAsync(tenant.TenantId))
            {
                session.AppendAt(ticket.UploadId, 1, new UploadReceived(ticket.UploadId, bytes.Length, etag, "client", DateTimeOffset.UtcNow));
                session.Publish(new ScanUpload(ticket.UploadId, tenant.TenantId));
                await session.SaveChangesAsync();
            }
            await Task.Delay(2000);
            Assert.True(await OutgoingScansAsync() >= 1, "the envelope waits in Wolverine's outbox");
        }
        finally
        {
            PosixSignals.Continue(system.Deps.FauxqsPid);
        }

        Assert.Equal("Processed", (await UploadDriver.WaitForFinalAsync(api, ticket.UploadId, TimeSpan.FromSeconds(90))).Final.Status);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await OutgoingScansAsync() > 0 && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Equal(0L, await OutgoingScansAsync());
    }

    /// <summary>Wolverine's outbox rows for ScanUpload (the envelope table has no tenant column; this collection runs one test at a time).</summary>
    private async Task<long> OutgoingScansAsync()
    {
        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from wolverine_api.wolverine_outgoing_envelopes where message_type = @type", conn);
        cmd.Parameters.AddWithValue("type", typeof(ScanUpload).FullName!);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
