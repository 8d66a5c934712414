using Alba;
using Microsoft.AspNetCore.Http.Features;

namespace BuildPeer.IntegrationTests.Infrastructure;

public static class BodilessPost
{
    /// <summary>
    /// A POST with no body, as HttpClient sends one (no content, so the request cannot have a body). A request Alba
    /// builds otherwise says it can have one, and an endpoint whose JSON body is optional (complete) answers 415.
    /// </summary>
    public static void PostWithoutBody(this Scenario scenario, string url)
    {
        scenario.Post.Url(url);
        scenario.ConfigureHttpContext(context => context.Features.Set<IHttpRequestBodyDetectionFeature>(NoBody.Instance));
    }

    private sealed class NoBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly NoBody Instance = new();

        public bool CanHaveBody => false;
    }
}
