using System.Net;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Browser;

[Collection(SystemCollection.Name)]
public sealed class StorageCorsTests(BuildPeerSystem system)
{
    [Fact]
    public async Task The_local_storage_lets_the_web_page_put_files_and_read_their_etag()
    {
        using var client = new HttpClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"{system.Deps.FauxqsServiceUrl}/buildpeer-it/some/key");
        preflight.Headers.Add("Origin", "http://127.0.0.1:5080");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        var response = await client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("http://127.0.0.1:5080", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PUT", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("ETag", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }
}
