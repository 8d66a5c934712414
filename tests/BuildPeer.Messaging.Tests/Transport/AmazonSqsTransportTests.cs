using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Wolverine.AmazonSqs;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine;
using Wolverine.Runtime.Serialization;
using Wolverine.Transports;
using Wolverine.Transports.Sending;

namespace BuildPeer.Messaging.Tests.Transport;

/// <summary>The SQS transport against fauxqs: what production needs from it, and what it refuses.</summary>
public sealed class AmazonSqsTransportTests(FauxqsFixture fauxqs) : IClassFixture<FauxqsFixture>
{
    [Fact]
    public async Task Messages_sent_in_batches_are_each_handled_once_and_deleted()
    {
        var queue = TransportHost.UniqueQueue("notes");
        using var host = await TransportHost.StartAsync(fauxqs, opts =>
        {
            opts.PublishMessage<Note>().ToSqsQueue(queue);
            opts.ListenToSqsQueue(queue, q => q.WaitTimeSeconds = 1);
        });
        var run = Guid.NewGuid();
        var bus = host.Bus();
        for (var i = 0; i < 25; i++) await bus.PublishAsync(new Note(run, i));

        var seen = await TransportHost.EventuallyAsync(() => Task.FromResult(Handled.NotesOf(run)), s => s.Count >= 25, TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, 25), seen.Order());

        using var sqs = fauxqs.Client();
        var url = (await sqs.GetQueueUrlAsync(queue)).QueueUrl;
        var left = await TransportHost.EventuallyAsync(() => DepthAsync(sqs, url), d => d == 0, TimeSpan.FromSeconds(10));
        Assert.Equal(0, left);
        await Task.Delay(1500);
        Assert.Equal(25, Handled.NotesOf(run).Count); // nothing came back after its visibility timeout
    }

    [Fact]
    public async Task Listening_creates_the_queue_with_its_visibility_timeout_and_a_redrive_policy_to_the_dead_letter_queue()
    {
        var queue = TransportHost.UniqueQueue("created");
        var dlq = queue + "-dlq";
        using var host = await TransportHost.StartAsync(fauxqs, opts =>
            opts.ListenToSqsQueue(queue, q => q.VisibilityTimeout = 45).ConfigureDeadLetterQueue(dlq, maxReceiveCount: 4));

        using var sqs = fauxqs.Client();
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = (await sqs.GetQueueUrlAsync(queue)).QueueUrl, AttributeNames = ["All"] });
        var dlqArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = (await sqs.GetQueueUrlAsync(dlq)).QueueUrl, AttributeNames = ["QueueArn"] })).QueueARN;
        Assert.Equal(45, attributes.VisibilityTimeout);
        var redrive = System.Text.Json.JsonDocument.Parse(attributes.Attributes["RedrivePolicy"]).RootElement;
        Assert.Equal(dlqArn, redrive.GetProperty("deadLetterTargetArn").GetString());
        Assert.Equal("4", redrive.GetProperty("maxReceiveCount").ToString());
    }

    [Fact]
    public async Task A_sent_message_carries_the_trace_context_envelope_id_and_type_as_attributes()
    {
        var queue = TransportHost.UniqueQueue("traced");
        using var host = await TransportHost.StartAsync(fauxqs, opts => opts.PublishMessage<Note>().ToSqsQueue(queue).SendInline());
        using var source = new ActivitySource("transport-tests");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        string traceId;
        using (var activity = source.StartActivity("upload"))
        {
            traceId = activity!.TraceId.ToString();
            await host.Bus().PublishAsync(new Note(Guid.NewGuid(), 7));
        }

        using var sqs = fauxqs.Client();
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = (await sqs.GetQueueUrlAsync(queue)).QueueUrl, WaitTimeSeconds = 5, MessageAttributeNames = ["All"],
        });
        var message = Assert.Single(received.Messages);
        Assert.Contains(traceId, message.MessageAttributes["traceparent"].StringValue);
        var envelope = EnvelopeSerializer.Deserialize(Convert.FromBase64String(message.Body));
        Assert.Equal(envelope.Id.ToString(), message.MessageAttributes["wolverine-envelope-id"].StringValue);
        Assert.Equal(envelope.MessageType, message.MessageAttributes["wolverine-message-type"].StringValue);
        Assert.Contains(traceId, envelope.ParentId);
    }

    [Fact]
    public async Task A_message_that_is_not_an_envelope_goes_to_the_dead_letter_queue_with_the_reason()
    {
        var queue = TransportHost.UniqueQueue("garbled");
        var dlq = queue + "-dlq";
        using var host = await TransportHost.StartAsync(fauxqs, opts =>
            opts.ListenToSqsQueue(queue, q => q.WaitTimeSeconds = 1).ConfigureDeadLetterQueue(dlq));
        using var sqs = fauxqs.Client();
        var url = (await sqs.GetQueueUrlAsync(queue)).QueueUrl;
        await sqs.SendMessageAsync(url, "{\"not\":\"an envelope\"}");

        var dlqUrl = (await sqs.GetQueueUrlAsync(dlq)).QueueUrl;
        var moved = await TransportHost.EventuallyAsync(async () => (await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = dlqUrl, WaitTimeSeconds = 1, MessageAttributeNames = ["All"],
        })).Messages ?? [], m => m.Count > 0, TimeSpan.FromSeconds(15));
        var message = Assert.Single(moved);
        Assert.Equal("{\"not\":\"an envelope\"}", message.Body);
        Assert.False(string.IsNullOrWhiteSpace(message.MessageAttributes["wolverine-error"].StringValue));
        Assert.Equal(0, await TransportHost.EventuallyAsync(() => DepthAsync(sqs, url), d => d == 0, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Wolverines_ping_is_acknowledged_and_never_reaches_a_handler_or_the_dead_letter_queue()
    {
        var queue = TransportHost.UniqueQueue("pinged");
        var dlq = queue + "-dlq";
        using var host = await TransportHost.StartAsync(fauxqs, opts =>
            opts.ListenToSqsQueue(queue, q => q.WaitTimeSeconds = 1).ConfigureDeadLetterQueue(dlq));
        using var sqs = fauxqs.Client();
        var url = (await sqs.GetQueueUrlAsync(queue)).QueueUrl;
        var ping = Envelope.ForPing(new Uri($"sqs://{queue}"));
        await sqs.SendMessageAsync(url, EnvelopeSerializer.SerializeToBase64(ping));

        Assert.Equal(0, await TransportHost.EventuallyAsync(() => DepthAsync(sqs, url), d => d == 0, TimeSpan.FromSeconds(10)));
        Assert.Equal(0, await DepthAsync(sqs, (await sqs.GetQueueUrlAsync(dlq)).QueueUrl));
    }

    [Fact]
    public async Task A_handler_longer_than_the_visibility_timeout_keeps_its_message_from_other_nodes_and_runs_once()
    {
        var queue = TransportHost.UniqueQueue("slow");
        void Node(WolverineOptions opts) => opts.ListenToSqsQueue(queue, q =>
        {
            q.VisibilityTimeout = 2;
            q.WaitTimeSeconds = 1;
        });
        using var first = await TransportHost.StartAsync(fauxqs, opts =>
        {
            opts.PublishMessage<SlowNote>().ToSqsQueue(queue);
            Node(opts);
        });
        using var second = await TransportHost.StartAsync(fauxqs, Node);
        var run = Guid.NewGuid();
        await first.Bus().PublishAsync(new SlowNote(run, 7000));

        // A minute for the first delivery: on a loaded shared machine two hosts take a while to start listening.
        await TransportHost.EventuallyAsync(() => Task.FromResult(Handled.SlowNotes.GetValueOrDefault(run)), n => n > 0, TimeSpan.FromSeconds(60));
        await Task.Delay(9000); // the handler's 7 s plus margin: without renewal SQS hands the message to the other node after 2 s
        Assert.Equal(1, Handled.SlowNotes.GetValueOrDefault(run));
        Assert.Equal(1, ReceivedBy(first, queue) + ReceivedBy(second, queue));
        using var sqs = fauxqs.Client();
        var url = (await sqs.GetQueueUrlAsync(queue)).QueueUrl;
        Assert.Equal(0, await TransportHost.EventuallyAsync(() => DepthAsync(sqs, url), d => d == 0, TimeSpan.FromSeconds(5)));
    }

    private static long ReceivedBy(IHost host, string queue) =>
        host.Services.GetRequiredService<WolverineOptions>().Transports.GetOrCreate<AmazonSqsTransport>().Queues[queue].MessagesReceived;

    [Fact]
    public async Task A_message_over_256_KB_is_never_sent()
    {
        var queue = TransportHost.UniqueQueue("large");
        using var host = await TransportHost.StartAsync(fauxqs, opts => opts.PublishMessage<Note>().ToSqsQueue(queue));
        var run = Guid.NewGuid();

        await host.Bus().PublishAsync(new Note(run, 1, new string('x', 300 * 1024)));
        await host.Bus().PublishAsync(new Note(run, 2, new string('x', 100 * 1024)));

        using var sqs = fauxqs.Client();
        var url = (await sqs.GetQueueUrlAsync(queue)).QueueUrl;
        var received = await TransportHost.EventuallyAsync(async () => (await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url, WaitTimeSeconds = 1, MaxNumberOfMessages = 10,
        })).Messages ?? [], m => m.Count > 0, TimeSpan.FromSeconds(10));
        await Task.Delay(1000);
        var later = (await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 1, MaxNumberOfMessages = 10 })).Messages ?? [];
        var sent = Assert.Single(received.Concat(later));
        Assert.InRange(sent.Body.Length, 100 * 1024, 256 * 1024);
    }

    [Theory]
    [InlineData("orders.fifo", null, "FIFO")]
    [InlineData("big", "1048576", "MaximumMessageSize")]
    public async Task Start_up_refuses_what_the_transport_does_not_do(string queueName, string? maximumMessageSize, string named)
    {
        var builder = TransportHost.Builder(fauxqs, opts => opts.ListenToSqsQueue(TransportHost.UniqueQueue(queueName.Replace(".fifo", "")) + (queueName.EndsWith(".fifo") ? ".fifo" : ""), q =>
        {
            if (maximumMessageSize is not null) q.Attributes["MaximumMessageSize"] = maximumMessageSize;
        }));

        var error = await Assert.ThrowsAnyAsync<Exception>(async () => { using var host = await builder.StartAsync(); });
        var refusal = Assert.IsType<NotSupportedException>(Unwrap(error));
        Assert.Contains(named, refusal.Message);
    }

    [Fact]
    public async Task Start_up_refuses_per_tenant_brokers()
    {
        var builder = TransportHost.Builder(fauxqs, opts =>
        {
            opts.UseAmazonSqsTransport().Transport.TenantedIdBehavior = TenantedIdBehavior.TenantIdRequired;
            opts.ListenToSqsQueue(TransportHost.UniqueQueue("tenanted"));
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(async () => { using var host = await builder.StartAsync(); });
        Assert.Contains("per-tenant", Assert.IsType<NotSupportedException>(Unwrap(error)).Message);
    }

    [Fact]
    public async Task The_health_check_asks_sqs_about_each_queue()
    {
        var queue = TransportHost.UniqueQueue("health");
        using var host = await TransportHost.StartAsync(fauxqs, opts => opts.ListenToSqsQueue(queue, q => q.WaitTimeSeconds = 1).DisableDeadLetterQueueing());
        var check = new AmazonSqsHealthCheck(host.Services.GetRequiredService<WolverineOptions>());

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        using var sqs = fauxqs.Client();
        await sqs.DeleteQueueAsync((await sqs.GetQueueUrlAsync(queue)).QueueUrl);
        var after = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, after.Status);
        Assert.Contains(queue, after.Description);
    }

    private static async Task<long> DepthAsync(IAmazonSQS sqs, string url)
    {
        var a = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url, AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });
        return a.ApproximateNumberOfMessages + a.ApproximateNumberOfMessagesNotVisible;
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is not NotSupportedException && e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
