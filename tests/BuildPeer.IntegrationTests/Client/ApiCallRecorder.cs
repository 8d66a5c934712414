using System.Collections.Concurrent;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>Records every API call the client makes ("POST /api/uploads/…/parts/sign" and its body).</summary>
public sealed class ApiCallRecorder : DelegatingHandler
{
    private readonly ConcurrentQueue<(string Call, string Body)> _calls = new();

    public IReadOnlyList<(string Call, string Body)> Calls => _calls.ToArray();

    public IEnumerable<string> BodiesOf(string method, string pathEnd) =>
        Calls.Where(c => c.Call.StartsWith(method + " ", StringComparison.Ordinal) && c.Call.EndsWith(pathEnd, StringComparison.Ordinal)).Select(c => c.Body);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        _calls.Enqueue(($"{request.Method} {request.RequestUri!.AbsolutePath}", body));
        return await base.SendAsync(request, cancellationToken);
    }
}
