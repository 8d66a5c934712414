using Alba;
using Microsoft.AspNetCore.Http.Features;

namespace BuildPeer.IntegrationTests.Infrastructure;

public static class BodilessPost
{
    /// <summary>
    /// A POST with no body, as HttpClient sends one (Content-Length: 0). Alba's TestServer request otherwise says it
    /// can have a body, and an endpoint whose JSON body is optional (complete) answers 415.
    /// </summary>
    public static void PostWithoutBody(this Scenario scenario, string url)
    {
        scenario.Post.Url(url);
        scenario.ConfigureHttpContext(context =>
        {
            context.Request.ContentLength = 0;
            context.Features.Set<IHttpRequestBodyDetectionFeature>(NoBody.Instance);
        });
    }

    private sealed class NoBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly NoBody Instance = new();

        public bool CanHaveBody => false;
    }
}
