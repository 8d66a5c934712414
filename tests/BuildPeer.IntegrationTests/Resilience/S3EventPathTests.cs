using Amazon.SQS;
using System.Text.Json;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.Messaging;
using BuildPeer.Processing.Receiving;
using BuildPeer.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Resilience;

[Collection(SystemCollection.Name)]
public sealed class S3EventPathTests(BuildPeerSystem system)
{
    [Fact]
    public async Task An_S3_ObjectCreated_notification_receives_an_upload_whose_client_never_completed()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "sin completar.png", "image/png", bytes.Length);
        await UploadDriver.PutAsync(ticket, bytes);

        // The notification S3 sends (keys URL-encoded), on the queue the listener reads.
        var notification = JsonSerializer.Serialize(new
        {
            Records = new[]
            {
                new
                {
                    eventVersion = "2.1", eventSource = "aws:s3", awsRegion = "us-east-1", eventName = "ObjectCreated:Put",
                    s3 = new { bucket = new { name = "buildpeer-it" }, @object = new { key = Uri.EscapeDataString(ticket.ObjectKey).Replace("%2F", "/"), size = bytes.Length, eTag = "x" } },
                },
            },
        });
        var services = system.Processing.Services;
        var queue = await services.GetRequiredService<QueueDirectory>().UrlOfAsync(system.Settings["Messaging:S3EventsQueue"]!, default);
        await services.GetRequiredService<IAmazonSQS>().SendMessageAsync(queue, notification);

        var (final, _) = await UploadDriver.WaitForFinalAsync(api, ticket.UploadId);
        Assert.Equal("Processed", final.Status);

        // The client's late complete is harmless: it answers the current status.
        var late = await UploadDriver.CompleteAsync(api, ticket.UploadId);
        Assert.Equal("Processed", late.Status);
        var history = await UploadDriver.HistoryAsync(api, ticket.UploadId);
        var received = Assert.Single(history, h => h.Type == "upload_received");
        Assert.Contains("s3-event", received.Data.ToString());
    }

    [Fact]
    public async Task EventBridge_object_created_events_are_understood_too()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var bytes = OfficeSamples.Docx("eventbridge");
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "eb.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes.Length);
        await UploadDriver.PutAsync(ticket, bytes);

        var listener = system.Processing.Services.GetRequiredService<S3EventListener>();
        await listener.HandleAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["version"] = "0", ["detail-type"] = "Object Created", ["source"] = "aws.s3",
            ["detail"] = new { bucket = new { name = "buildpeer-it" }, @object = new { key = ticket.ObjectKey, size = bytes.Length, etag = "e" } },
        }), default);

        Assert.Equal("Processed", (await UploadDriver.WaitForFinalAsync(api, ticket.UploadId)).Final.Status);
    }
}
