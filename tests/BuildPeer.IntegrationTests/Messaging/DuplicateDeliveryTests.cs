using Amazon.SQS;
using BuildPeer.Data;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.Messaging;
using BuildPeer.TestSupport;
using BuildPeer.TestSupport.Messaging;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Messages;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildPeer.IntegrationTests.Messaging;

[Collection(SystemCollection.Name)]
public sealed class DuplicateDeliveryTests(BuildPeerSystem system)
{
    [Fact]
    public async Task The_same_message_delivered_twice_appends_each_event_once()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "p.png", "image/png", bytes.Length);
        await UploadDriver.PutAsync(ticket, bytes);

        // Receive it without the API (and so without its outbox message), then deliver one envelope twice.
        var store = system.Api.Services.GetRequiredService<TenantSessions>();
        await using (var session = await store.OpenAsync(tenant.TenantId))
        {
            session.AppendAt(ticket.UploadId, 1, new UploadReceived(ticket.UploadId, bytes.Length, await system.ETagOfAsync(ticket.ObjectKey), "test", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        var sqs = system.Processing.Services.GetRequiredService<IAmazonSQS>();
        var queueUrl = await system.Processing.Services.GetRequiredService<QueueDirectory>().UrlOfAsync(system.Settings["Messaging:UploadsQueue"]!, default);
        var envelopeId = Guid.CreateVersion7();
        for (var copy = 0; copy < 2; copy++)
            await sqs.SendMessageAsync(WolverineSqsMessages.For(queueUrl, new ScanUpload(ticket.UploadId, tenant.TenantId), tenant.TenantId, envelopeId));

        var (final, _) = await UploadDriver.WaitForFinalAsync(api, ticket.UploadId);
        Assert.Equal("Processed", final.Status);
        await Task.Delay(1500); // let the second delivery be handled (or dropped) too

        await using var read = await store.OpenAsync(tenant.TenantId);
        var events = await read.Events.FetchStreamAsync(ticket.UploadId);
        Assert.Equal(["upload_requested", "upload_received", "scanned", "processed"], events.Select(e => e.EventTypeName));
        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.Version));

        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var inbox = new NpgsqlCommand("select count(*) from wolverine_processing.wolverine_incoming_envelopes where id = @id", conn);
        inbox.Parameters.AddWithValue("id", envelopeId);
        Assert.Equal(1L, await inbox.ExecuteScalarAsync());
    }
}
