using System.Net;
using System.Text.Json;
using BuildPeer.Client.Auth;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Tests;

/// <summary>BuildPeerApi against an in-memory API whose access tokens expire: a 401 refreshes once, shared by concurrent calls.</summary>
public sealed class ApiSessionRefreshTests
{
    private static readonly RetryPolicy Instant = RetryPolicy.Default with { Backoff = Enumerable.Repeat(TimeSpan.Zero, 5).ToArray() };
    private static readonly SessionTokens Expired = new("access-1", DateTimeOffset.UtcNow.AddMinutes(-1), "refresh-1");
    private const string Rotated = """{"accessToken":"access-2","tokenType":"Bearer","expiresAt":"2026-03-14T12:15:00Z","refreshToken":"refresh-2"}""";

    private static bool IsRefresh(FakeApiHandler.Call c) => c.Path == "/api/auth/refresh";

    [Fact]
    public async Task Parts_rejected_together_share_one_refresh_then_succeed_with_the_new_token_and_the_rotation_is_reported()
    {
        const int parts = 4;
        var rejected = 0;
        var allRejected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeApiHandler(async call =>
        {
            if (IsRefresh(call))
            {
                await allRejected.Task; // answer only once every part has seen its 401: they really are concurrent
                return FakeApiHandler.Json(HttpStatusCode.OK, Rotated);
            }
            if (call.BearerToken == "access-2") return new HttpResponseMessage(HttpStatusCode.NoContent);
            if (Interlocked.Increment(ref rejected) == parts) allRejected.SetResult();
            return FakeApiHandler.Problem(HttpStatusCode.Unauthorized, "Unauthorized");
        });
        var refreshed = new List<SessionTokens>();
        using var client = NewClient(handler, Expired, refreshed.Add);
        var upload = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(1, parts).Select(n => client.Api.ConfirmPartAsync(upload, n, $"\"etag{n}\"", 8, "ab", CancellationToken.None)))
            .WaitAsync(TimeSpan.FromSeconds(10));

        var refresh = Assert.Single(handler.Calls, IsRefresh);
        Assert.Equal("refresh-1", JsonDocument.Parse(refresh.Body).RootElement.GetProperty("refreshToken").GetString());
        Assert.Null(refresh.BearerToken);
        var confirms = handler.Calls.Where(c => !IsRefresh(c)).ToList();
        Assert.Equal(parts * 2, confirms.Count);
        Assert.Equal(Enumerable.Range(1, parts).Select(n => $"/api/uploads/{upload}/parts/{n}"),
            confirms.Where(c => c.BearerToken == "access-2").Select(c => c.Path).Order());
        Assert.Equal([new SessionTokens("access-2", DateTimeOffset.Parse("2026-03-14T12:15:00Z"), "refresh-2")], refreshed);
        Assert.Equal("access-2", client.Api.Session.AccessToken);
    }

    [Fact]
    public async Task A_refused_refresh_stops_every_call_with_session_expired_after_one_refresh()
    {
        var handler = new FakeApiHandler(call => Task.FromResult(IsRefresh(call)
            ? FakeApiHandler.Problem(HttpStatusCode.Unauthorized, "The refresh token is not valid. Log in again.")
            : FakeApiHandler.Problem(HttpStatusCode.Unauthorized, "Unauthorized")));
        var refreshed = new List<SessionTokens>();
        using var client = NewClient(handler, Expired, refreshed.Add);

        var calls = Enumerable.Range(0, 3).Select(_ => client.Api.ListPartsAsync(Guid.NewGuid(), CancellationToken.None)).ToList();

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<BuildPeerException>(() => call);
            Assert.Equal(401, error.StatusCode);
            Assert.Contains("session expired, run buildpeer login", error.Message);
        }
        Assert.Single(handler.Calls, IsRefresh);
        Assert.Empty(refreshed);
    }

    [Fact]
    public async Task A_401_again_with_the_fresh_token_is_final_and_not_refreshed_twice()
    {
        var handler = new FakeApiHandler(call => Task.FromResult(IsRefresh(call)
            ? FakeApiHandler.Json(HttpStatusCode.OK, Rotated)
            : FakeApiHandler.Problem(HttpStatusCode.Unauthorized, "Unauthorized")));
        using var client = NewClient(handler, Expired, _ => { });

        var error = await Assert.ThrowsAsync<BuildPeerException>(() => client.Api.ListPartsAsync(Guid.NewGuid(), CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Contains("session expired", error.Message);
        Assert.Equal(["access-1", null, "access-2"], handler.Calls.Select(c => c.BearerToken));
    }

    [Fact]
    public async Task A_client_made_with_an_access_token_only_never_calls_refresh()
    {
        var handler = new FakeApiHandler(_ => Task.FromResult(FakeApiHandler.Problem(HttpStatusCode.Unauthorized, "Unauthorized")));
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://api.test/") };
        using var client = new BuildPeerClient(http, "access-1", new BuildPeerClientOptions { Retry = Instant });

        var error = await Assert.ThrowsAsync<BuildPeerException>(() => client.Api.ListPartsAsync(Guid.NewGuid(), CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.DoesNotContain(handler.Calls, IsRefresh);
    }

    private static BuildPeerClient NewClient(FakeApiHandler handler, SessionTokens session, Action<SessionTokens> onRefreshed)
    {
        var http = new HttpClient(handler) { BaseAddress = new Uri("http://api.test/") };
        return new BuildPeerClient(http, session, new BuildPeerClientOptions { Retry = Instant, OnSessionRefreshed = onRefreshed });
    }
}
