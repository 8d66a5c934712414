using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Alba;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.TestSupport;
using BuildPeer.Uploads.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Resilience;

[Collection(SystemCollection.Name)]
public sealed class DeadLetterOperationsTests(BuildPeerSystem system)
{
    [Fact]
    public async Task A_failing_stage_is_dead_lettered_then_an_operator_replays_it_to_processed()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "desaparece.png", "image/png", bytes.Length);
        await UploadDriver.PutAsync(ticket, bytes);
        await UploadDriver.CompleteAsync(api, ticket.UploadId);
        // The object vanishes before the pipeline reads it: a failure no retry rule covers goes straight to the dead letters.
        var storage = system.Api.Services.GetRequiredService<ObjectStorage>();
        await storage.DeleteAsync(ticket.ObjectKey, default);

        var (failed, _) = await UploadDriver.WaitForFinalAsync(api, ticket.UploadId);
        if (failed.Status == "Processed") return; // the scan won the race against the delete; nothing to replay
        Assert.Equal("Failed", failed.Status);
        Assert.Contains(failed.FailedStage, new[] { "scan", "process" }); // whichever stage first read the missing file

        var platform = await (await system.NewTenant("BuildPeer plataforma").CreateAsync()).WithOperadorAsync();
        var ops = await platform.LoginAsync(Roles.Operador);
        var letters = await (await ops.Scenario(s => s.Get.Url("/api/ops/dead-letters?state=dead"))).ReadAsJsonAsync<List<JsonElement>>();
        var letter = Assert.Single(letters!, l => l.GetProperty("uploadId").GetGuid() == ticket.UploadId);
        Assert.Contains("key does not exist", letter.GetProperty("errorMessage").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(letter.GetProperty("attempts").GetInt32() >= 1);

        await api.Scenario(s =>
        {
            s.Get.Url("/api/ops/dead-letters");
            s.ProblemShouldBe(HttpStatusCode.Forbidden);
        });

        // The operator fixes the cause (the file is back) and replays.
        using (var put = new HttpClient()) // to the emulator
            (await put.PutAsync(storage.PresignPut(ticket.ObjectKey, "image/png", TimeSpan.FromMinutes(5)), new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } })).EnsureSuccessStatusCode();
        var replay = $"/api/ops/dead-letters/{letter.GetProperty("id").GetGuid()}/replay";
        await ops.Scenario(s =>
        {
            s.PostWithoutBody(replay);
            s.StatusCodeShouldBe(HttpStatusCode.Accepted);
        });

        // Not WaitForFinalAsync: until the replay's NOTIFY arrives, the status cache may still answer Failed.
        var (replayed, seen) = await UploadDriver.WaitForStatusAsync(api, ticket.UploadId, "Processed");
        Assert.True(replayed.Status == "Processed", $"after the replay: {string.Join(" → ", seen)}");
        var after = await (await ops.Scenario(s => s.Get.Url("/api/ops/dead-letters?state=replayed"))).ReadAsJsonAsync<List<JsonElement>>();
        Assert.Contains(after!, l => l.GetProperty("uploadId").GetGuid() == ticket.UploadId);
        await ops.Scenario(s =>
        {
            s.PostWithoutBody(replay);
            s.ProblemShouldBe(HttpStatusCode.Conflict);
        });
        await ops.Scenario(s =>
        {
            s.Post.Json(new { reason = "" }).ToUrl($"/api/ops/dead-letters/{Guid.NewGuid()}/discard");
            s.ProblemShouldBe(HttpStatusCode.BadRequest);
        });
    }
}
