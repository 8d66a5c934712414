using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace BuildPeer.Client.Tests;

/// <summary>An API in memory: answers each request with the given function and records what was asked, with which token.</summary>
public sealed class FakeApiHandler(Func<FakeApiHandler.Call, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    public sealed record Call(string Method, string Path, string? BearerToken, string Body);

    private readonly ConcurrentQueue<Call> _calls = new();

    public IReadOnlyList<Call> Calls => _calls.ToArray();

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Problem(HttpStatusCode status, string title) =>
        Json(status, $$"""{"title":"{{title}}","status":{{(int)status}}}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var call = new Call(request.Method.Method, request.RequestUri!.AbsolutePath, request.Headers.Authorization?.Parameter, body);
        _calls.Enqueue(call);
        return await answer(call);
    }
}
