using System.Net.Http.Headers;

namespace BuildPeer.Messaging.Tests.Sqs;

/// <summary>Passes requests on (to a real socket by default) and keeps a copy of each as it left.</summary>
internal sealed class RecordingHandler(HttpMessageHandler? inner = null) : DelegatingHandler(inner ?? new SocketsHttpHandler())
{
    public List<RecordedRequest> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(',', h.Value), StringComparer.OrdinalIgnoreCase);
        lock (Requests) Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers, body, request.Content?.Headers.ContentType));
        return await base.SendAsync(request, cancellationToken);
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body, MediaTypeHeaderValue? ContentType);
