using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuildPeer.Messaging.Sqs;

/// <summary>
/// A thin Amazon SQS client over the JSON protocol (POST, X-Amz-Target: AmazonSQS.&lt;Action&gt;), signed with SigV4.
/// Every request goes to <see cref="SqsClientOptions.ServiceUrl"/>; a queue URL only travels in the body, because
/// emulators answer with queue URLs whose host does not resolve. Long polling holds a request for up to
/// waitTimeSeconds, so the HttpClient's Timeout must be longer than that.
/// </summary>
public sealed class SqsClient
{
    private const string Service = "sqs";
    private static readonly IReadOnlyList<string> All = ["All"];
    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly HttpClient _http;
    private readonly SqsClientOptions _options;
    private readonly Uri _serviceUri;
    private readonly TimeProvider _time;

    public SqsClient(HttpClient http, SqsClientOptions options, TimeProvider? timeProvider = null)
    {
        _http = http;
        _options = options;
        _serviceUri = new Uri(options.ServiceUrl, UriKind.Absolute);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <returns>The queue URL. Creating an existing queue with the same attributes returns its URL.</returns>
    public async Task<string> CreateQueueAsync(string name, IDictionary<string, string>? attributes = null, CancellationToken ct = default) =>
        Required((await InvokeAsync<CreateQueueRequest, QueueUrlResponse>("CreateQueue", new(name, attributes), ct)).QueueUrl, "CreateQueue", "QueueUrl");

    public async Task<string> GetQueueUrlAsync(string name, CancellationToken ct = default) =>
        Required((await InvokeAsync<GetQueueUrlRequest, QueueUrlResponse>("GetQueueUrl", new(name), ct)).QueueUrl, "GetQueueUrl", "QueueUrl");

    /// <param name="attributeNames">Attribute names, or "All".</param>
    public async Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, IEnumerable<string> attributeNames, CancellationToken ct = default)
    {
        var response = await InvokeAsync<GetQueueAttributesRequest, QueueAttributesResponse>("GetQueueAttributes", new(queueUrl, attributeNames.ToList()), ct);
        return response.Attributes ?? [];
    }

    public Task SetQueueAttributesAsync(string queueUrl, IDictionary<string, string> attributes, CancellationToken ct = default) =>
        InvokeAsync<SetQueueAttributesRequest, EmptyResponse>("SetQueueAttributes", new(queueUrl, attributes), ct);

    /// <returns>The message id SQS assigned.</returns>
    public async Task<string> SendMessageAsync(string queueUrl, string body, IDictionary<string, string>? stringMessageAttributes = null,
        int? delaySeconds = null, CancellationToken ct = default)
    {
        var request = new SendMessageRequest(queueUrl, body, delaySeconds, ToWire(stringMessageAttributes));
        return Required((await InvokeAsync<SendMessageRequest, SendMessageResponse>("SendMessage", request, ct)).MessageId, "SendMessage", "MessageId");
    }

    /// <summary>Sends up to 10 messages in one call; check <see cref="SqsBatchResult.Failed"/>, a batch can partly fail.</summary>
    public async Task<SqsBatchResult> SendMessageBatchAsync(string queueUrl, IEnumerable<SqsSendBatchEntry> entries, CancellationToken ct = default)
    {
        var wire = entries.Select(e => new SendMessageBatchRequestEntry(e.Id, e.Body, e.DelaySeconds, ToWire(e.StringMessageAttributes))).ToList();
        return ToResult(await InvokeAsync<SendMessageBatchRequest, BatchResponse>("SendMessageBatch", new(queueUrl, wire), ct));
    }

    /// <summary>
    /// Receives up to <paramref name="maxMessages"/> (1–10), waiting up to <paramref name="waitTimeSeconds"/> (0–20)
    /// for the first one. All system attributes and all message attributes are requested.
    /// </summary>
    public async Task<IReadOnlyList<SqsMessage>> ReceiveMessagesAsync(string queueUrl, int maxMessages, int waitTimeSeconds,
        int? visibilityTimeout = null, CancellationToken ct = default)
    {
        var request = new ReceiveMessageRequest(queueUrl, maxMessages, waitTimeSeconds, visibilityTimeout, All, All, All);
        var response = await InvokeAsync<ReceiveMessageRequest, ReceiveMessageResponse>("ReceiveMessage", request, ct);
        return (response.Messages ?? []).Select(ToMessage).ToList();
    }

    public Task DeleteMessageAsync(string queueUrl, string receiptHandle, CancellationToken ct = default) =>
        InvokeAsync<DeleteMessageRequest, EmptyResponse>("DeleteMessage", new(queueUrl, receiptHandle), ct);

    public async Task<SqsBatchResult> DeleteMessageBatchAsync(string queueUrl, IEnumerable<SqsDeleteBatchEntry> entries, CancellationToken ct = default)
    {
        var wire = entries.Select(e => new DeleteMessageBatchRequestEntry(e.Id, e.ReceiptHandle)).ToList();
        return ToResult(await InvokeAsync<DeleteMessageBatchRequest, BatchResponse>("DeleteMessageBatch", new(queueUrl, wire), ct));
    }

    /// <summary>Hides the message for <paramref name="visibilityTimeoutSeconds"/> from now; 0 makes it visible again at once.</summary>
    public Task ChangeMessageVisibilityAsync(string queueUrl, string receiptHandle, int visibilityTimeoutSeconds, CancellationToken ct = default) =>
        InvokeAsync<ChangeMessageVisibilityRequest, EmptyResponse>("ChangeMessageVisibility", new(queueUrl, receiptHandle, visibilityTimeoutSeconds), ct);

    public Task PurgeQueueAsync(string queueUrl, CancellationToken ct = default) =>
        InvokeAsync<QueueUrlOnlyRequest, EmptyResponse>("PurgeQueue", new(queueUrl), ct);

    /// <summary>Messages waiting plus messages in flight (ApproximateNumberOfMessages + ApproximateNumberOfMessagesNotVisible).</summary>
    public async Task<long> GetApproximateDepthAsync(string queueUrl, CancellationToken ct = default)
    {
        var attributes = await GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], ct);
        return Count("ApproximateNumberOfMessages") + Count("ApproximateNumberOfMessagesNotVisible");

        long Count(string name) => attributes.TryGetValue(name, out var value) && long.TryParse(value, out var n) ? n : 0;
    }

    private async Task<TResponse> InvokeAsync<TRequest, TResponse>(string action, TRequest payload, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, JsonOptions);
        using var request = new HttpRequestMessage(HttpMethod.Post, _serviceUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS." + action);
        AwsSigV4Signer.Sign(request, body, _options.Credentials, _options.Region, Service, _time.GetUtcNow().UtcDateTime);

        try
        {
            using var response = await _http.SendAsync(request, ct);
            var responseBody = await response.Content.ReadAsByteArrayAsync(ct);
            if (!response.IsSuccessStatusCode) throw SqsErrorResponse.ToException(action, response, responseBody);
            return Deserialize<TResponse>(action, responseBody);
        }
        catch (HttpRequestException e)
        {
            throw new SqsException(action, SqsException.ConnectionFailedCode, e.Message, e.StatusCode, null, isTransient: true, e);
        }
        catch (IOException e)
        {
            throw new SqsException(action, SqsException.ConnectionFailedCode, e.Message, null, null, isTransient: true, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            // HttpClient reports its own Timeout as a cancellation; the caller did not ask for it.
            throw new SqsException(action, SqsException.TimeoutCode, $"no answer within {_http.Timeout.TotalSeconds:0} s", null, null, isTransient: true, e);
        }
    }

    private static TResponse Deserialize<TResponse>(string action, byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<TResponse>(body.Length == 0 ? "{}"u8 : body, JsonOptions)
                ?? throw new JsonException("the answer is JSON null");
        }
        catch (JsonException e)
        {
            throw new SqsException(action, "InvalidResponse", $"unreadable answer: {e.Message}", null, null, isTransient: false, e);
        }
    }

    private static string Required(string? value, string action, string field) =>
        value ?? throw new SqsException(action, "InvalidResponse", $"the answer has no {field}", null, null, isTransient: false);

    private static Dictionary<string, SqsMessageAttributeValue>? ToWire(IDictionary<string, string>? attributes) =>
        attributes is null || attributes.Count == 0
            ? null
            : attributes.ToDictionary(a => a.Key, a => new SqsMessageAttributeValue("String", a.Value));

    private static SqsMessage ToMessage(ReceivedMessage m) => new(
        m.MessageId ?? "",
        m.ReceiptHandle ?? "",
        m.Body ?? "",
        m.Attributes ?? [],
        (m.MessageAttributes ?? [])
            .Where(a => a.Value.StringValue is not null)
            .ToDictionary(a => a.Key, a => a.Value.StringValue!));

    private static SqsBatchResult ToResult(BatchResponse response) => new(
        (response.Successful ?? []).Select(s => new SqsBatchSuccess(s.Id, s.MessageId)).ToList(),
        (response.Failed ?? []).Select(f => new SqsBatchFailure(f.Id, f.Code ?? "Unknown", f.Message, f.SenderFault)).ToList());
}
