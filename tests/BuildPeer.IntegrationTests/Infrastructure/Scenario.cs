using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit.Sdk;

namespace BuildPeer.IntegrationTests.Infrastructure;

/// <summary>Alba's habits on HttpClient: assert the status, and show the body when it is not the expected one.</summary>
public static class Scenario
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<HttpResponseMessage> ExpectAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new XunitException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}.\n{body}");
        }
        return response;
    }

    public static async Task<HttpResponseMessage> ExpectAsync(this Task<HttpResponseMessage> call, HttpStatusCode expected) =>
        await (await call).ExpectAsync(expected);

    public static async Task<T> JsonAsync<T>(this Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        var response = await call.ExpectAsync(expected);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static async Task<JsonElement> ProblemAsync(this Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        var response = await call.ExpectAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
