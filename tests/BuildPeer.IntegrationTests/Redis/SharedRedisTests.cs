using System.Net;
using System.Text.Json;
using Alba;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;
using StackExchange.Redis;

namespace BuildPeer.IntegrationTests.Redis;

/// <summary>Two API instances sharing one Redis: one limit for both, status reads from the cache, and Redis down is not an outage.</summary>
[Collection(SystemCollection.Name)]
public sealed class SharedRedisTests(BuildPeerSystem system)
{
    [Fact]
    public async Task A_users_101st_request_in_a_minute_is_refused_whichever_instance_answers()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await InstanceAsync(redis);
        await using var b = await InstanceAsync(redis);
        var tenant = await system.NewTenant().CreateAsync();
        var onA = await tenant.LoginAsync("empleado", a);
        var onB = await tenant.LoginAsync("empleado", b);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 101; i++)
            answers.Add(await ListingStatusAsync(i % 2 == 0 ? onA : onB, tenant.ProjectId));
        var onBAfter = await onB.Scenario(s =>
        {
            s.Get.Url($"/api/projects/{tenant.ProjectId}/uploads");
            s.StatusCodeShouldBe(HttpStatusCode.TooManyRequests);
        });

        Assert.Equal(100, answers.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[100]);
        Assert.InRange(int.Parse(onBAfter.Context.Response.Headers.RetryAfter.Single()!), 1, 60);
    }

    [Fact]
    public async Task A_status_change_is_what_the_next_read_from_the_cache_returns()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await InstanceAsync(redis);
        await using var b = await InstanceAsync(redis);
        await using var direct = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var tenant = await system.NewTenant().CreateAsync();
        var onA = await tenant.LoginAsync("empleado", a);
        var onB = await tenant.LoginAsync("empleado", b);
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.PhotoWithGpsAsync(dir.Path));
        var ticket = await UploadDriver.InitiateAsync(onA, tenant.ProjectId, "losa.jpg", "image/jpeg", bytes.Length);

        Assert.Equal("Requested", await StatusAsync(onB, ticket.UploadId));
        Assert.Equal("Requested", CachedStatus(direct, tenant.TenantId, ticket.UploadId)); // stored by that read
        await UploadDriver.PutAsync(ticket, bytes);
        await UploadDriver.CompleteAsync(onA, ticket.UploadId);

        var seen = new List<string>();
        for (var i = 0; i < 50 && seen.LastOrDefault() is null or "Requested"; i++)
        {
            seen.Add(await StatusAsync(onB, ticket.UploadId));
            if (seen[^1] == "Requested") await Task.Delay(20);
        }
        Assert.NotEqual("Requested", seen[^1]);
        Assert.True(seen.Count(s => s == "Requested") <= 2, $"the old status was served {seen.Count(s => s == "Requested")} times after complete: {string.Join(", ", seen)}");
        await UploadDriver.WaitForFinalAsync(onB, ticket.UploadId);
        Assert.Equal("Processed", await StatusAsync(onB, ticket.UploadId));
        Assert.Equal("Processed", CachedStatus(direct, tenant.TenantId, ticket.UploadId));

        // Another tenant's caller never reaches this entry: the key is the caller's tenant.
        var stranger = await system.NewTenant().CreateAsync();
        var strangerOnB = await stranger.LoginAsync("constructora", b);
        await strangerOnB.Scenario(s =>
        {
            s.Get.Url($"/api/uploads/{ticket.UploadId}");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
    }

    [Fact]
    public async Task With_Redis_stopped_uploads_go_on_limits_hold_per_instance_health_is_Degraded_and_recovery_is_automatic()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var a = await InstanceAsync(redis, requestsPerMinute: 30);
        await using var b = await InstanceAsync(redis, requestsPerMinute: 30);
        var tenant = await system.NewTenant().CreateAsync();
        var onA = await tenant.LoginAsync("empleado", a);
        var onB = await tenant.LoginAsync("empleado", b);
        Assert.Equal("Healthy", await RedisHealthAsync(a));

        await redis.KillAsync();

        Assert.Equal("Degraded", await RedisHealthAsync(a));
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.PhotoWithGpsAsync(dir.Path));
        var final = await UploadDriver.UploadAsync(onA, tenant.ProjectId, "muro.jpg", "image/jpeg", bytes);
        Assert.Equal("Processed", final.Status);
        var onAAnswers = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++) onAAnswers.Add(await ListingStatusAsync(onA, tenant.ProjectId));
        Assert.Contains(HttpStatusCode.TooManyRequests, onAAnswers); // A counts for itself…
        Assert.Equal(HttpStatusCode.OK, await ListingStatusAsync(onB, tenant.ProjectId)); // …and so does B

        await redis.StartAgainAsync();
        var health = "";
        for (var i = 0; i < 60 && health != "Healthy"; i++)
        {
            await Task.Delay(500);
            health = await RedisHealthAsync(a);
        }
        Assert.Equal("Healthy", health);
    }

    private Task<IAlbaHost> InstanceAsync(RedisProcess redis, int requestsPerMinute = 100) => TestHosts.StartApiAsync(new Dictionary<string, string?>(system.Settings)
    {
        ["ConnectionStrings:redis"] = redis.ConnectionString,
        ["RateLimits:RequestsPerMinute"] = requestsPerMinute.ToString(),
    });

    /// <summary>The listing's status code, whatever it is: the tests count the 200s and the 429s.</summary>
    private static async Task<HttpStatusCode> ListingStatusAsync(ApiUser user, Guid projectId)
    {
        var result = await user.Scenario(s =>
        {
            s.Get.Url($"/api/projects/{projectId}/uploads");
            s.IgnoreStatusCode();
        });
        return (HttpStatusCode)result.Context.Response.StatusCode;
    }

    private static async Task<string> StatusAsync(ApiUser api, Guid uploadId) => (await UploadDriver.ViewAsync(api, uploadId)).Status;

    private static string? CachedStatus(ConnectionMultiplexer redis, Guid tenantId, Guid uploadId)
    {
        var db = redis.GetDatabase();
        var generation = (string?)db.StringGet("bp:status:gen") ?? "0";
        var data = (string?)db.HashGet($"bp:status:{generation}:{tenantId:N}:{uploadId:N}", "data");
        return data is null ? null : JsonDocument.Parse(data).RootElement.GetProperty("status").GetString();
    }

    private static async Task<string> RedisHealthAsync(IAlbaHost api)
    {
        var health = await api.Scenario(s =>
        {
            s.Get.Url("/health");
            s.IgnoreStatusCode(); // any success: Degraded answers 200 too
            s.StatusCodeShouldBeSuccess();
        });
        using var json = JsonDocument.Parse(await health.ReadAsTextAsync());
        return json.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString()!;
    }
}
