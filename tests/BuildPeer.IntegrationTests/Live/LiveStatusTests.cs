using System.Net;
using Alba;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;
using Npgsql;

namespace BuildPeer.IntegrationTests.Live;

[Collection(SystemCollection.Name)]
public sealed class LiveStatusTests(BuildPeerSystem system) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly SecondApiInstance _other = new(system);

    public Task InitializeAsync() => _other.InitializeAsync();

    public Task DisposeAsync() => _other.DisposeAsync();

    [Fact]
    public async Task A_change_made_through_one_instance_reaches_a_subscriber_on_the_other()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var watcher = await _other.StreamClientAsync(tenant, "inversionista");
        await using var stream = await SseStream.ReadyAsync(watcher, $"/api/projects/{tenant.ProjectId}/uploads/stream");

        var uploader = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var upload = await UploadDriver.UploadAsync(uploader, tenant.ProjectId, "fachada.png", "image/png",
            await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path)));
        Assert.Equal("Processed", upload.Status);

        var processed = await stream.WaitForAsync(m => m.IsUpload && m.UploadId == upload.Id && m.Status == "Processed", Wait);
        Assert.Equal(upload.Version, processed.Version);
        Assert.Equal(await LatestSequenceAsync(upload.Id), long.Parse(processed.Id!));
        Assert.True(processed.Json.GetProperty("upload").GetProperty("renditions").GetArrayLength() >= 1);

        var forUpload = stream.Snapshot().Where(m => m.IsUpload && m.UploadId == upload.Id).ToList();
        Assert.Equal("Requested", forUpload[0].Status);
        Assert.Equal(forUpload.Select(m => m.Version).Order(), forUpload.Select(m => m.Version));
        Assert.Equal(forUpload.Select(m => long.Parse(m.Id!)).Order(), forUpload.Select(m => long.Parse(m.Id!)));
    }

    [Fact]
    public async Task A_reconnect_with_Last_Event_ID_replays_what_happened_while_away()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var watcher = await _other.StreamClientAsync(tenant, "constructora");
        var uploader = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var png = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        var url = $"/api/projects/{tenant.ProjectId}/uploads/stream";

        string lastSeen;
        await using (var first = await SseStream.ReadyAsync(watcher, url))
        {
            var seen = await UploadDriver.UploadAsync(uploader, tenant.ProjectId, "antes.png", "image/png", png);
            lastSeen = (await first.WaitForAsync(m => m.IsUpload && m.UploadId == seen.Id && m.Status == "Processed", Wait)).Id!;
        }

        // While nobody listens: one upload goes all the way, one is only requested, one in another project.
        var missed = await UploadDriver.UploadAsync(uploader, tenant.ProjectId, "durante.png", "image/png", png);
        var pending = await UploadDriver.InitiateAsync(uploader, tenant.ProjectId, "pendiente.jpg", "image/jpeg", 1234);
        var constructora = await tenant.LoginAsync("constructora");
        var elsewhere = await UploadDriver.InitiateAsync(constructora, tenant.OtherProjectId, "otra-obra.jpg", "image/jpeg", 99);

        await using var again = await SseStream.ReadyAsync(watcher, url, lastEventId: lastSeen);
        var replayed = again.Snapshot().Where(m => m.IsUpload).ToList();
        var missedEvent = Assert.Single(replayed, m => m.UploadId == missed.Id);
        Assert.Equal("Processed", missedEvent.Status);
        Assert.Equal(await LatestSequenceAsync(missed.Id), long.Parse(missedEvent.Id!));
        Assert.Equal("Requested", Assert.Single(replayed, m => m.UploadId == pending.UploadId).Status);
        Assert.DoesNotContain(replayed, m => m.UploadId == elsewhere.UploadId);
        Assert.Equal(replayed.Select(m => long.Parse(m.Id!)).Order(), replayed.Select(m => long.Parse(m.Id!)));

        // And the stream goes on live after the replay.
        var later = await UploadDriver.InitiateAsync(uploader, tenant.ProjectId, "despues.png", "image/png", png.Length);
        await UploadDriver.PutAsync(later, png);
        await UploadDriver.CompleteAsync(uploader, later.UploadId);
        await again.WaitForAsync(m => m.IsUpload && m.UploadId == later.UploadId && m.Status == "Processed", Wait);
    }

    [Fact]
    public async Task Another_tenants_subscriber_receives_nothing_and_cannot_subscribe_to_foreign_streams()
    {
        var a = await system.NewTenant("Constructora A").CreateAsync();
        var b = await system.NewTenant("Constructora B").CreateAsync();
        var watcherA = await _other.StreamClientAsync(a, "constructora");
        var userB = await b.LoginAsync("constructora", _other.Api);
        var watcherB = userB.CreateHttpClient();
        await using var streamA = await SseStream.ReadyAsync(watcherA, $"/api/projects/{a.ProjectId}/uploads/stream");
        await using var streamB = await SseStream.ReadyAsync(watcherB, $"/api/projects/{b.ProjectId}/uploads/stream");

        var uploader = await a.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var upload = await UploadDriver.UploadAsync(uploader, a.ProjectId, "privado.png", "image/png",
            await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path)));
        await streamA.WaitForAsync(m => m.IsUpload && m.UploadId == upload.Id && m.Status == "Processed", Wait);
        await streamB.WaitForAsync(m => m.IsComment && m.Data == "heartbeat", TimeSpan.FromSeconds(5));

        Assert.DoesNotContain(streamB.Snapshot(), m => m.IsUpload);
        foreach (var foreign in new[] { $"/api/projects/{a.ProjectId}/uploads/stream", $"/api/uploads/{upload.Id}/stream" })
            await userB.Scenario(s =>
            {
                s.Get.Url(foreign);
                s.ProblemShouldBe(HttpStatusCode.NotFound);
            });
    }

    [Fact]
    public async Task The_upload_stream_starts_with_the_current_state_and_accepts_the_token_as_a_query_parameter()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var uploader = await tenant.LoginAsync("empleado");
        var ticket = await UploadDriver.InitiateAsync(uploader, tenant.ProjectId, "plano.pdf", "application/pdf", 4096);

        var anonymous = _other.Api.Server.CreateClient();
        var token = (await tenant.LoginAsync("inversionista", _other.Api)).AccessToken;
        await using var stream = await SseStream.ReadyAsync(anonymous, $"/api/uploads/{ticket.UploadId}/stream?access_token={token}");
        var current = Assert.Single(stream.Snapshot(), m => m.IsUpload);
        Assert.Equal("Requested", current.Status);
        Assert.Equal(await LatestSequenceAsync(ticket.UploadId), long.Parse(current.Id!));

        await uploader.Scenario(s =>
        {
            s.Delete.Url($"/api/uploads/{ticket.UploadId}");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });
        await stream.WaitForAsync(m => m.IsUpload && m.Status == "Deleted", Wait);

        // Only the stream endpoints read the query parameter, and a bad Last-Event-ID is a 400 problem.
        await _other.Api.Scenario(s =>
        {
            s.Get.Url($"/api/projects?access_token={token}");
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
        await _other.Api.Scenario(s =>
        {
            s.Get.Url($"/api/uploads/{ticket.UploadId}/stream?access_token={token}");
            s.WithRequestHeader("Last-Event-ID", "yesterday");
            s.ProblemShouldBe(HttpStatusCode.BadRequest);
        });
        await _other.Api.Scenario(s =>
        {
            s.Get.Url($"/api/uploads/{ticket.UploadId}/stream");
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
    }

    [Fact]
    public async Task Multipart_parts_confirmed_show_up_as_progress_events()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var uploader = await tenant.LoginAsync("empleado");
        var size = 9 * 1024 * 1024 + 10;
        var ticket = await UploadDriver.InitiateAsync(uploader, tenant.ProjectId, "plano-grande.pdf", "application/pdf", size);
        Assert.NotNull(ticket.Multipart);
        var watcher = await _other.StreamClientAsync(tenant, "constructora");
        await using var stream = await SseStream.ReadyAsync(watcher, $"/api/uploads/{ticket.UploadId}/stream");

        var part = ticket.Multipart!.Parts[0];
        await uploader.Scenario(s =>
        {
            s.Put.Json(new { eTag = "\"0123456789abcdef\"", size = part.Length }).ToUrl($"/api/uploads/{ticket.UploadId}/parts/1");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });

        var progress = await stream.WaitForAsync(m => m.Type == "progress", Wait);
        var p = progress.Json.GetProperty("progress");
        Assert.Equal(2, p.GetProperty("partCount").GetInt32());
        Assert.Equal(1, p.GetProperty("partsConfirmed").GetInt32());
        Assert.Equal(part.Length, p.GetProperty("bytesConfirmed").GetInt64());
        Assert.Equal("Requested", progress.Status);
    }

    private async Task<long> LatestSequenceAsync(Guid uploadId)
    {
        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select max(seq_id) from uploads.mt_events where stream_id = @id", conn);
        cmd.Parameters.AddWithValue("id", uploadId);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
