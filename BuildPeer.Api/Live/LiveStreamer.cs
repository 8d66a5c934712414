using System.Security.Claims;
using BuildPeer.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace BuildPeer.Api.Live;

/// <summary>
/// Runs one SSE connection: subscribe first, then replay what the client missed (so nothing falls between the
/// two), then forward live changes with heartbeats until the client leaves, the server stops or the token expires.
/// Each event's id is the upload's latest global event sequence.
/// </summary>
public sealed class LiveStreamer(
    LiveHub hub,
    LiveSnapshotLoader loader,
    TenantSessions store,
    IOptions<LiveOptions> options,
    IOptions<JsonOptions> json,
    IHostApplicationLifetime lifetime,
    TimeProvider clock)
{
    public async Task RunAsync(HttpContext http, LiveScope scope, long? lastEventId, UploadSnapshot? current)
    {
        var subscription = hub.Subscribe(scope);
        using var expiry = new CancellationTokenSource(TimeUntilExpiry(http.User), clock);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping, expiry.Token);
        var connection = new Connection(loader, store, options.Value, clock, scope, new SseWriter(http.Response, json.Value.SerializerOptions), stop.Token);
        try
        {
            await connection.RunAsync(subscription, lastEventId, current);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            if (expiry.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
                await connection.ExpiredAsync();
        }
        catch (IOException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-write.
        }
        finally
        {
            hub.Unsubscribe(subscription);
        }
    }

    private TimeSpan TimeUntilExpiry(ClaimsPrincipal user)
    {
        if (!long.TryParse(user.FindFirstValue("exp"), out var exp)) return Timeout.InfiniteTimeSpan;
        var left = DateTimeOffset.FromUnixTimeSeconds(exp) - clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private sealed class Connection(LiveSnapshotLoader loader, TenantSessions store, LiveOptions options, TimeProvider clock,
        LiveScope scope, SseWriter sse, CancellationToken ct)
    {
        private readonly LiveOptions _options = options;
        private readonly Dictionary<Guid, long> _versionSent = [];
        private long _position;

        public async Task RunAsync(LiveSubscription subscription, long? lastEventId, UploadSnapshot? current)
        {
            sse.Start();
            await sse.RetryAsync(_options.ReconnectDelay, ct);
            if (lastEventId is { } after)
            {
                _position = after;
                await ReplayAsync();
            }
            else
            {
                await using (var session = await store.OpenAsync(scope.TenantId, ct))
                    _position = await LiveQueries.HighWaterMarkAsync(session, scope, ct);
                if (current is not null) await SendAsync(current, LiveUploadEvent.StatusKind);
            }
            await sse.EventAsync("ready", new { scope.ProjectId, scope.UploadId, Position = _position }, null, ct);
            await ForwardAsync(subscription);
        }

        public async Task ExpiredAsync()
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try { await sse.EventAsync("expired", new { Detail = "The access token expired: log in again and reconnect with Last-Event-ID." }, null, grace.Token); }
            catch (Exception e) when (e is OperationCanceledException or IOException) { /* the client is gone too */ }
        }

        private async Task ForwardAsync(LiveSubscription subscription)
        {
            var reader = subscription.Changes;
            using var heartbeat = new PeriodicTimer(_options.HeartbeatInterval, clock);
            var read = reader.WaitToReadAsync(ct).AsTask();
            var beat = heartbeat.WaitForNextTickAsync(ct).AsTask();
            while (true)
            {
                if (await Task.WhenAny(read, beat) == beat)
                {
                    await beat;
                    await sse.CommentAsync("heartbeat", ct);
                    beat = heartbeat.WaitForNextTickAsync(ct).AsTask();
                    continue;
                }
                if (!await read) return;
                while (reader.TryRead(out var change))
                {
                    if (ReferenceEquals(change, LiveSubscription.Wake)) continue;
                    if (await loader.LoadAsync(change, ct) is { } snapshot) await SendAsync(snapshot, change.Kind);
                }
                if (subscription.TakeResync()) await ReplayAsync();
                read = reader.WaitToReadAsync(ct).AsTask();
            }
        }

        private async Task ReplayAsync()
        {
            await using var session = await store.OpenAsync(scope.TenantId, ct);
            var changed = await LiveQueries.ChangedSinceAsync(session, scope, _position, _options.ReplayOverlap, _options.MaxReplay, ct);
            if (changed.Count > _options.MaxReplay)
            {
                // Too much to stream one by one: the client reloads its list and continues from here.
                _position = await LiveQueries.HighWaterMarkAsync(session, scope, ct);
                await sse.EventAsync("reset", new { Detail = $"More than {_options.MaxReplay} uploads changed; reload the list." }, _position, ct);
                return;
            }
            foreach (var snapshot in changed) await SendAsync(snapshot, LiveUploadEvent.StatusKind);
        }

        private async Task SendAsync(UploadSnapshot snapshot, string kind)
        {
            var status = snapshot.Status;
            if (_versionSent.TryGetValue(status.Id, out var sent) && sent >= status.Version) return;
            _versionSent[status.Id] = status.Version;
            _position = Math.Max(_position, snapshot.Sequence);
            await sse.EventAsync(kind, LiveUploadEvent.From(status, snapshot.Sequence, kind), snapshot.Sequence, ct);
        }
    }
}
