using System.Net;
using BuildPeer.Hosting.Local;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// The page PUTs bytes straight to storage, cross-origin, which needs the bucket's CORS rule (the page's origin,
/// PUT/GET, ExposeHeaders: ETag), as the production bucket has. fauxqs 1.9.2 implements no CORS at all: it answers
/// no preflight and sends no Access-Control-* header. So the browser tests' API points its storage endpoint at
/// this pass-through, which answers preflights and adds those headers to fauxqs's answers: the bucket CORS rule,
/// nothing else. It is not in the product path; when the emulator answers CORS itself it is not used.
/// </summary>
public sealed class StorageCorsProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
        { "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Host", "Proxy-Connection", "TE", "Trailer" };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromMinutes(2) };

    private StorageCorsProxy(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<bool> StorageAnswersCorsAsync(string storageUrl, string pageOrigin)
    {
        using var http = new HttpClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"{storageUrl}/buildpeer-it/probe");
        preflight.Headers.Add("Origin", pageOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await http.SendAsync(preflight);
        return response.IsSuccessStatusCode && response.Headers.Contains("Access-Control-Allow-Origin");
    }

    public static async Task<StorageCorsProxy> StartAsync(string storageUrl)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var proxy = new StorageCorsProxy(app, $"http://127.0.0.1:{port}");
        app.Run(context => proxy.HandleAsync(context, storageUrl.TrimEnd('/')));
        await app.StartAsync();
        return proxy;
    }

    private async Task HandleAsync(HttpContext context, string storageUrl)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
            context.Response.Headers.AccessControlExposeHeaders = "ETag";
            context.Response.Headers.Vary = "Origin";
        }
        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            context.Response.Headers.AccessControlAllowMethods = "GET, PUT, POST, DELETE, HEAD";
            context.Response.Headers.AccessControlAllowHeaders = request.Headers.AccessControlRequestHeaders.ToString();
            context.Response.Headers.AccessControlMaxAge = "3000";
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), storageUrl + request.Path + request.QueryString);
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            forward.Content = new StreamContent(request.Body);
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name) || name.Equals("Origin", StringComparison.OrdinalIgnoreCase)) continue;
            if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
                forward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }

        using var answer = await _upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name)) context.Response.Headers[name] = values.ToArray();
        }
        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
