using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BuildPeer.Messaging.Sqs;

namespace BuildPeer.Messaging.Tests.Sqs;

/// <summary>The SQS client against the fauxqs emulator. Each test uses its own queues.</summary>
public class SqsClientEmulatorTests(FauxqsFixture fauxqs) : IClassFixture<FauxqsFixture>
{
    private readonly SqsClient _sqs = fauxqs.Client();

    [Fact]
    public async Task A_message_received_twice_without_delete_moves_to_the_dead_letter_queue()
    {
        var deadLetterUrl = await _sqs.CreateQueueAsync(Unique("uploads-dlq"));
        var deadLetterArn = (await _sqs.GetQueueAttributesAsync(deadLetterUrl, ["QueueArn"]))["QueueArn"];
        var redrivePolicy = JsonSerializer.Serialize(new { deadLetterTargetArn = deadLetterArn, maxReceiveCount = 2 });
        var queueUrl = await _sqs.CreateQueueAsync(Unique("uploads"), new Dictionary<string, string> { ["RedrivePolicy"] = redrivePolicy });
        var messageId = await _sqs.SendMessageAsync(queueUrl, """{"uploadId":"u-1"}""");

        // Visibility 0: the message is visible again at once, as if the handler had failed and let it go.
        var first = Assert.Single(await _sqs.ReceiveMessagesAsync(queueUrl, 1, 0, visibilityTimeout: 0));
        var second = Assert.Single(await _sqs.ReceiveMessagesAsync(queueUrl, 1, 0, visibilityTimeout: 0));
        var third = await _sqs.ReceiveMessagesAsync(queueUrl, 1, 0, visibilityTimeout: 0);
        var deadLetter = Assert.Single(await _sqs.ReceiveMessagesAsync(deadLetterUrl, 10, 1));

        Assert.Equal((1, 2), (first.ApproximateReceiveCount, second.ApproximateReceiveCount));
        Assert.Empty(third);
        Assert.Equal(messageId, deadLetter.MessageId);
        Assert.Equal("""{"uploadId":"u-1"}""", deadLetter.Body);
        Assert.Equal(0, await _sqs.GetApproximateDepthAsync(queueUrl));
        Assert.Contains(deadLetterArn, (await _sqs.GetQueueAttributesAsync(queueUrl, ["RedrivePolicy"]))["RedrivePolicy"]);
    }

    [Fact]
    public async Task Message_attributes_and_system_attributes_come_back_with_the_message()
    {
        var queueUrl = await _sqs.CreateQueueAsync(Unique("attributes"));
        const string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var sent = await _sqs.SendMessageAsync(queueUrl, "scan u-2",
            new Dictionary<string, string> { ["traceparent"] = traceparent, ["tenant-id"] = "7" });

        var message = Assert.Single(await _sqs.ReceiveMessagesAsync(queueUrl, 10, 1));

        Assert.Equal(sent, message.MessageId);
        Assert.Equal("scan u-2", message.Body);
        Assert.Equal(traceparent, message.MessageAttributes["traceparent"]);
        Assert.Equal("7", message.MessageAttributes["tenant-id"]);
        Assert.Equal(2, message.MessageAttributes.Count);
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
        Assert.True(long.Parse(message.Attributes["SentTimestamp"]) > 0);
        Assert.False(string.IsNullOrEmpty(message.ReceiptHandle));
    }

    [Fact]
    public async Task Long_polling_returns_as_soon_as_a_message_arrives()
    {
        var queueUrl = await _sqs.CreateQueueAsync(Unique("long-poll"));
        var clock = Stopwatch.StartNew();
        var receive = _sqs.ReceiveMessagesAsync(queueUrl, 1, waitTimeSeconds: 10);

        await Task.Delay(700);
        Assert.False(receive.IsCompleted, "the receive answered before any message was sent");
        await _sqs.SendMessageAsync(queueUrl, "late");
        var message = Assert.Single(await receive);

        Assert.Equal("late", message.Body);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Batch_send_reports_each_entry_and_batch_delete_empties_the_queue()
    {
        var queueUrl = await _sqs.CreateQueueAsync(Unique("batch"));

        var sent = await _sqs.SendMessageBatchAsync(queueUrl,
        [
            new SqsSendBatchEntry("a", "one", new Dictionary<string, string> { ["traceparent"] = "t-a" }),
            new SqsSendBatchEntry("b", "two"),
            new SqsSendBatchEntry("c", "three"),
            new SqsSendBatchEntry("bad", "control \u0001 character"),
        ]);
        var received = await ReceiveAtLeastAsync(queueUrl, 3);
        var deleted = await _sqs.DeleteMessageBatchAsync(queueUrl,
            received.Select((m, i) => new SqsDeleteBatchEntry($"d{i}", m.ReceiptHandle)));

        Assert.Equal(["a", "b", "c"], sent.Successful.Select(s => s.Id).Order());
        Assert.All(sent.Successful, s => Assert.False(string.IsNullOrEmpty(s.MessageId)));
        var failure = Assert.Single(sent.Failed);
        Assert.Equal("bad", failure.Id);
        Assert.True(failure.SenderFault);
        Assert.False(string.IsNullOrEmpty(failure.Code));
        Assert.Equal(["one", "three", "two"], received.Select(m => m.Body).Order());
        Assert.Equal("t-a", received.Single(m => m.Body == "one").MessageAttributes["traceparent"]);
        Assert.Equal(["d0", "d1", "d2"], deleted.Successful.Select(s => s.Id).Order());
        Assert.Empty(deleted.Failed);
        Assert.Equal(0, await _sqs.GetApproximateDepthAsync(queueUrl));
    }

    [Fact]
    public async Task Changing_visibility_to_zero_makes_a_received_message_visible_again()
    {
        var queueUrl = await _sqs.CreateQueueAsync(Unique("visibility"));
        await _sqs.SendMessageAsync(queueUrl, "retry me");
        var first = Assert.Single(await _sqs.ReceiveMessagesAsync(queueUrl, 1, 0, visibilityTimeout: 60));
        Assert.Empty(await _sqs.ReceiveMessagesAsync(queueUrl, 1, 0));

        await _sqs.ChangeMessageVisibilityAsync(queueUrl, first.ReceiptHandle, 0);
        var again = Assert.Single(await _sqs.ReceiveMessagesAsync(queueUrl, 1, 1));

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(2, again.ApproximateReceiveCount);
        Assert.NotEqual(first.ReceiptHandle, again.ReceiptHandle);
    }

    [Fact]
    public async Task Depth_counts_waiting_and_in_flight_messages_and_purge_clears_them()
    {
        var queueUrl = await _sqs.CreateQueueAsync(Unique("depth"));
        await _sqs.SendMessageAsync(queueUrl, "1");
        await _sqs.SendMessageAsync(queueUrl, "2");
        await _sqs.SendMessageAsync(queueUrl, "3");
        Assert.Single(await _sqs.ReceiveMessagesAsync(queueUrl, 1, 0, visibilityTimeout: 60));

        var attributes = await _sqs.GetQueueAttributesAsync(queueUrl, ["All"]);
        var depth = await _sqs.GetApproximateDepthAsync(queueUrl);
        await _sqs.PurgeQueueAsync(queueUrl);

        Assert.Equal(("2", "1"), (attributes["ApproximateNumberOfMessages"], attributes["ApproximateNumberOfMessagesNotVisible"]));
        Assert.Equal(3, depth);
        Assert.Equal(0, await _sqs.GetApproximateDepthAsync(queueUrl));
    }

    [Fact]
    public async Task Queue_attributes_can_be_set_and_a_delayed_message_waits()
    {
        var name = Unique("settings");
        var queueUrl = await _sqs.CreateQueueAsync(name, new Dictionary<string, string> { ["VisibilityTimeout"] = "120" });
        await _sqs.SetQueueAttributesAsync(queueUrl, new Dictionary<string, string> { ["VisibilityTimeout"] = "45" });
        await _sqs.SendMessageAsync(queueUrl, "later", delaySeconds: 1);

        var immediately = await _sqs.ReceiveMessagesAsync(queueUrl, 1, 0);
        var afterDelay = await _sqs.ReceiveMessagesAsync(queueUrl, 1, 5);

        Assert.Equal(queueUrl, await _sqs.GetQueueUrlAsync(name));
        Assert.Equal("45", (await _sqs.GetQueueAttributesAsync(queueUrl, ["VisibilityTimeout"]))["VisibilityTimeout"]);
        Assert.Empty(immediately);
        Assert.Equal("later", Assert.Single(afterDelay).Body);
    }

    [Fact]
    public async Task Requests_go_to_the_service_url_with_a_well_formed_signature()
    {
        var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        var credentials = FauxqsFixture.Credentials with { SessionToken = "session-token-1" };
        var sqs = fauxqs.Client("eu-west-1", credentials, http);

        var queueUrl = await sqs.CreateQueueAsync(Unique("signed"));
        var arn = (await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"]))["QueueArn"];

        var create = recorder.Requests[0];
        Assert.Equal(HttpMethod.Post, create.Method);
        Assert.Equal(new Uri(fauxqs.ServiceUrl), create.Uri);
        Assert.Equal("AmazonSQS.CreateQueue", create.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.0", create.ContentType?.MediaType);
        Assert.Equal("session-token-1", create.Headers["X-Amz-Security-Token"]);
        var authorization = Regex.Match(create.Headers["Authorization"],
            "^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST/(?<date>[0-9]{8})/eu-west-1/sqs/aws4_request, " +
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=(?<signature>[0-9a-f]{64})$");
        Assert.True(authorization.Success, create.Headers["Authorization"]);
        Assert.StartsWith(authorization.Groups["date"].Value + "T", create.Headers["X-Amz-Date"]);
        Assert.Equal(authorization.Groups["signature"].Value, RecomputeSignature(create, credentials, "eu-west-1"));
        // fauxqs takes the region from the Authorization header's credential scope.
        Assert.Contains("eu-west-1", queueUrl);
        Assert.StartsWith("arn:aws:sqs:eu-west-1:", arn);
        // The queue URL's host does not resolve; it only travels in the body.
        Assert.Equal(new Uri(fauxqs.ServiceUrl), recorder.Requests[1].Uri);
        Assert.Contains(queueUrl, Encoding.UTF8.GetString(recorder.Requests[1].Body));
    }

    [Fact]
    public async Task A_missing_queue_is_a_permanent_QueueDoesNotExist_error()
    {
        var error = await Assert.ThrowsAsync<SqsException>(() => _sqs.GetQueueUrlAsync(Unique("never-created")));

        Assert.Equal("QueueDoesNotExist", error.Code);
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", error.QueryErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("GetQueueUrl", error.Action);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Queues_are_scoped_to_the_signing_region()
    {
        var name = Unique("regional");
        await fauxqs.Client("eu-west-1").CreateQueueAsync(name);

        var error = await Assert.ThrowsAsync<SqsException>(() => _sqs.GetQueueUrlAsync(name));

        Assert.Equal("QueueDoesNotExist", error.Code);
        Assert.Contains("eu-west-1", await fauxqs.Client("eu-west-1").GetQueueUrlAsync(name));
    }

    private async Task<List<SqsMessage>> ReceiveAtLeastAsync(string queueUrl, int count)
    {
        var received = new List<SqsMessage>();
        for (var attempt = 0; attempt < 10 && received.Count < count; attempt++)
            received.AddRange(await _sqs.ReceiveMessagesAsync(queueUrl, 10, 1, visibilityTimeout: 60));
        return received;
    }

    private static string RecomputeSignature(RecordedRequest recorded, AwsCredentials credentials, string region)
    {
        using var request = new HttpRequestMessage(recorded.Method, recorded.Uri) { Content = new ByteArrayContent(recorded.Body) };
        foreach (var (name, value) in recorded.Headers.Where(h => h.Key is not ("Authorization" or "Content-Type" or "Content-Length")))
            request.Headers.TryAddWithoutValidation(name, value);
        request.Content.Headers.ContentType = recorded.ContentType;
        var canonical = AwsSigV4Signer.CanonicalRequestFor(request, AwsSigV4Signer.Sha256Hex(recorded.Body), "sqs");
        return AwsSigV4Signer.Compute(canonical, credentials.SecretAccessKey, recorded.Headers["X-Amz-Date"], region, "sqs").Signature;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
