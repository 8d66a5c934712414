using System.Net.Http.Headers;
using Alba;

namespace BuildPeer.IntegrationTests.Infrastructure;

/// <summary>A user signed in (a real login, a real JWT) on one API host: its Alba scenarios carry the access token.</summary>
public sealed class ApiUser(IAlbaHost host, string accessToken)
{
    public IAlbaHost Host => host;
    public string AccessToken => accessToken;

    public Task<IScenarioResult> Scenario(Action<Scenario> configure) => host.Scenario(s =>
    {
        s.WithBearerToken(accessToken);
        configure(s);
    });

    /// <summary>For what a scenario does not fit (an open event stream): an HttpClient on the same host with the token.</summary>
    public HttpClient CreateHttpClient()
    {
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
