using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuildPeer.TestSupport;
using Xunit.Abstractions;

namespace BuildPeer.AppHost.Tests;

/// <summary>The whole AppHost through Aspire.Hosting.Testing: every resource healthy, then a photo uploaded the way a client does.</summary>
public class WholeAppTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private const string Empleado = "empleado@demo.buildpeer.lat", Password = "BuildPeer-demo-2026";
    private const string DemoProject = "0b9a3c1e-5d1f-4c2a-9f3e-0000000000a1";

    [Fact]
    public async Task Every_resource_gets_healthy_and_an_uploaded_photo_is_processed()
    {
        using var state = new TemporaryDirectory("whole-app");
        using var cts = new CancellationTokenSource(Timeout);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BuildPeer_AppHost>(
            [$"BuildPeer:StateDir={state.Path}", "BuildPeer:WebPagePort=0"], cts.Token);
        await using var app = await builder.BuildAsync(cts.Token);
        await app.StartAsync(cts.Token);
        foreach (var resource in new[] { "postgres", "aws", "clamd", "redis", "api", "processing" })
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cts.Token);
        output.WriteLine($"all healthy after {clock.Elapsed.TotalSeconds:0.0} s");

        using var api = app.CreateHttpClient("api");
        var login = await api.PostAsJsonAsync("/api/auth/login", new { email = Empleado, password = Password }, cts.Token);
        Assert.True(login.StatusCode == HttpStatusCode.OK, await login.Content.ReadAsStringAsync(cts.Token));
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await login.Content.ReadFromJsonAsync<JsonElement>(cts.Token)).GetProperty("accessToken").GetString());

        // The API shares its limits and status reads through the AppHost's Redis.
        var health = await api.GetFromJsonAsync<JsonElement>("/health", cts.Token);
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());

        var photo = await File.ReadAllBytesAsync(await SampleFiles.PhotoWithGpsAsync(state.Path), cts.Token);
        var initiate = await api.PostAsJsonAsync($"/api/projects/{DemoProject}/uploads",
            new { fileName = "fachada.jpg", contentType = "image/jpeg", size = photo.Length }, cts.Token);
        Assert.True(initiate.IsSuccessStatusCode, await initiate.Content.ReadAsStringAsync(cts.Token));
        var ticket = await initiate.Content.ReadFromJsonAsync<JsonElement>(cts.Token);
        var uploadId = ticket.GetProperty("uploadId").GetString();

        // The bytes go straight to storage (the emulator), as a client's do.
        using var storage = new HttpClient();
        using var put = new ByteArrayContent(photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } };
        var stored = await storage.PutAsync(ticket.GetProperty("put").GetProperty("url").GetString(), put, cts.Token);
        Assert.True(stored.IsSuccessStatusCode, $"PUT to storage answered {(int)stored.StatusCode}");
        var complete = await api.PostAsync($"/api/uploads/{uploadId}/complete", null, cts.Token);
        Assert.True(complete.IsSuccessStatusCode, await complete.Content.ReadAsStringAsync(cts.Token));

        string? status = null;
        while (status is not ("Processed" or "Failed" or "Quarantined"))
        {
            await Task.Delay(500, cts.Token);
            status = (await api.GetFromJsonAsync<JsonElement>($"/api/uploads/{uploadId}", cts.Token)).GetProperty("status").GetString();
        }
        output.WriteLine($"{status} after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal("Processed", status);
    }
}
