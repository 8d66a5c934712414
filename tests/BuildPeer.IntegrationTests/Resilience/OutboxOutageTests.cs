using BuildPeer.Data;
using BuildPeer.TestSupport;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.Messaging;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Messages;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildPeer.IntegrationTests.Resilience;

[Collection(SystemCollection.Name)]
public sealed class OutboxOutageTests(BuildPeerSystem system)
{
    [Fact]
    public async Task Outbox_rows_wait_while_the_queue_is_down_and_are_relayed_when_it_returns()
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
                system.Api.Services.GetRequiredService<DurableOutbox>().Publish(session, new ScanUpload(ticket.UploadId, tenant.TenantId));
                await session.SaveChangesAsync();
            }
            await Task.Delay(2000);
            Assert.Equal(1L, await OutboxRowsForAsync(tenant.TenantId));
        }
        finally
        {
            PosixSignals.Continue(system.Deps.FauxqsPid);
        }

        Assert.Equal("Processed", (await UploadDriver.WaitForFinalAsync(api, ticket.UploadId, TimeSpan.FromSeconds(90))).Final.Status);
        Assert.Equal(0L, await OutboxRowsForAsync(tenant.TenantId));
    }

    private async Task<long> OutboxRowsForAsync(Guid tenantId)
    {
        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from wolverine_outgoing_envelopes where tenant_id = @t", conn);
        cmd.Parameters.AddWithValue("t", tenantId);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
