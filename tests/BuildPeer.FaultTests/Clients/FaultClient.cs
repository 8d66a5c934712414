using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using BuildPeer.FaultTests.Infrastructure;

namespace BuildPeer.FaultTests.Clients;

public sealed record LoginDto(string AccessToken);
public sealed record PutTicketDto(string Method, string Url, Dictionary<string, string> Headers);
public sealed record TicketDto(Guid UploadId, string Status, string ObjectKey, PutTicketDto? Put, JsonElement? Multipart, bool Duplicate);
public sealed record UploadDto(Guid Id, string Status);

/// <summary>A call the client gave up on, or an answer no retry can fix (a 4xx other than 401/408/409/429).</summary>
public sealed class ClientGaveUpException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What the clients did, for the report.</summary>
public sealed class ClientStats
{
    public int Retries;
    public int AmbiguousInitiates;
    public int AbandonedBeforeComplete;
    public int DoubleCompletes;
    public int RepeatedCompletes;
    public int RePuts;
    public int S3Notifications;
    public ConcurrentDictionary<string, int> RetryReasons { get; } = new();

    public void Retry(string reason)
    {
        Interlocked.Increment(ref Retries);
        RetryReasons.AddOrUpdate(reason, 1, (_, n) => n + 1);
    }
}

/// <summary>
/// A client as a real one behaves under faults: requests spread round robin over both API instances, every
/// failed call (connection refused or reset, timeout, 5xx, 429) retried with exponential backoff and jitter,
/// honouring Retry-After; a 401 logs in again; bytes go straight to storage with the presigned URL.
/// </summary>
/// <param name="notifyS3">Sends the ObjectCreated notification S3 would send for a key (fauxqs sends none).</param>
public sealed class FaultClient(IReadOnlyList<string> apiBaseUrls, IReadOnlyList<FaultTenant> tenants, ClientStats stats,
    Func<string, long, CancellationToken, Task>? notifyS3 = null)
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly HttpClient _storage = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string?[] _tokens = new string?[tenants.Count];
    private readonly SemaphoreSlim _login = new(1, 1);
    private int _next;

    private string NextApi() => apiBaseUrls[(int)((uint)Interlocked.Increment(ref _next) % apiBaseUrls.Count)];

    /// <summary>Initiate → PUT → complete (maybe twice, maybe never). Returns the upload id the API issued.</summary>
    /// <param name="issued">Called as soon as the API has issued the upload's id: from then on the upload must not be lost.</param>
    public async Task<Guid> UploadAsync(PlannedUpload plan, Action<Guid> issued, CancellationToken ct)
    {
        var tenant = tenants[plan.TenantIndex];
        var sha = plan.DeclareSha256 ? Convert.ToHexStringLower(SHA256.HashData(plan.Bytes)) : null;
        var initiated = await SendAsync(plan.TenantIndex, "initiate",
            () => JsonContentRequest(HttpMethod.Post, $"/api/projects/{tenant.ProjectId}/uploads",
                new { fileName = plan.FileName, contentType = plan.ContentType, size = plan.Bytes.LongLength, sha256 = sha }),
            s => s == HttpStatusCode.Created, ambiguousCounts: true, ct);
        var ticket = (await initiated.Content.ReadFromJsonAsync<TicketDto>(Json, ct))!;
        initiated.Dispose();
        issued(ticket.UploadId);
        if (ticket.Duplicate || ticket.Put is null)
            throw new ClientGaveUpException($"upload {plan.Index}: expected a single presigned PUT for a new upload, got {JsonSerializer.Serialize(ticket)}");

        await PutAsync(ticket.Put, plan.Bytes, ct);
        // S3's notification races the client's complete call, as it does in AWS.
        var notified = plan.S3Notification && notifyS3 is not null ? NotifyAsync(ticket.ObjectKey, plan.Bytes.LongLength, ct) : Task.CompletedTask;
        if (plan.SkipComplete)
        {
            // The client dies after sending the bytes: the S3 event path or the reconciler must receive it.
            Interlocked.Increment(ref stats.AbandonedBeforeComplete);
        }
        else
        {
            await CompleteAsync(plan, ticket, ct);
            if (plan.CompleteTwice)
            {
                Interlocked.Increment(ref stats.DoubleCompletes);
                await CompleteAsync(plan, ticket, ct);
            }
        }
        await notified;
        return ticket.UploadId;
    }

    private async Task NotifyAsync(string objectKey, long size, CancellationToken ct)
    {
        await Task.Yield();
        var deadline = DateTime.UtcNow + GiveUpAfter;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await notifyS3!(objectKey, size, ct);
                Interlocked.Increment(ref stats.S3Notifications);
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is Amazon.Runtime.AmazonServiceException or HttpRequestException or TaskCanceledException or IOException)
            {
                await BackoffAsync("s3 notification " + e.GetType().Name, attempt, null, deadline, ct);
            }
        }
    }

    private async Task CompleteAsync(PlannedUpload plan, TicketDto ticket, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await SendAsync(plan.TenantIndex, "complete",
                () => new HttpRequestMessage(HttpMethod.Post, $"/api/uploads/{ticket.UploadId}/complete"),
                s => s is HttpStatusCode.Accepted or HttpStatusCode.Conflict, ambiguousCounts: false, ct);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                if (attempt > 1) Interlocked.Increment(ref stats.RepeatedCompletes);
                return;
            }
            // 409: storage does not have the bytes (a PUT answer lost in a fault?) — send them again, then complete again.
            var body = await response.Content.ReadAsStringAsync(ct);
            if (attempt >= 5) throw new ClientGaveUpException($"upload {plan.Index} ({ticket.UploadId}): complete kept answering 409: {body}");
            stats.Retry("complete 409");
            Interlocked.Increment(ref stats.RePuts);
            await PutAsync(ticket.Put!, plan.Bytes, ct);
        }
    }

    private async Task PutAsync(PutTicketDto put, byte[] bytes, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + GiveUpAfter;
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            try
            {
                using var request = new HttpRequestMessage(new HttpMethod(put.Method), put.Url) { Content = new ByteArrayContent(bytes) };
                foreach (var (name, value) in put.Headers)
                    if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content.Headers.TryAddWithoutValidation(name, value);
                using var response = await _storage.SendAsync(request, ct);
                if (response.IsSuccessStatusCode) return;
                reason = $"put {(int)response.StatusCode}";
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                    throw new ClientGaveUpException($"PUT {put.Url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
            catch (Exception e) when (IsTransient(e, ct))
            {
                reason = "put " + e.GetType().Name;
            }
            await BackoffAsync(reason, attempt, null, deadline, ct);
        }
    }

    /// <summary>Sends with retries until <paramref name="accept"/> says the answer is final.</summary>
    private async Task<HttpResponseMessage> SendAsync(int tenantIndex, string operation, Func<HttpRequestMessage> create,
        Func<HttpStatusCode, bool> accept, bool ambiguousCounts, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + GiveUpAfter;
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            TimeSpan? retryAfter = null;
            var token = await TokenAsync(tenantIndex, ct);
            using var request = create();
            request.RequestUri = new Uri(NextApi() + request.RequestUri!.OriginalString);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, ct);
            }
            catch (Exception e) when (IsTransient(e, ct))
            {
                // The server may have committed before the answer was lost: a retried initiate can leave an orphan.
                if (ambiguousCounts && e is TaskCanceledException) Interlocked.Increment(ref stats.AmbiguousInitiates);
                await BackoffAsync($"{operation} {e.GetType().Name}", attempt, null, deadline, ct);
                continue;
            }

            if (accept(response.StatusCode)) return response;
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                Interlocked.CompareExchange(ref _tokens[tenantIndex], null, token);
                reason = $"{operation} 401";
            }
            else if (status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
            {
                if (ambiguousCounts && status >= 500) Interlocked.Increment(ref stats.AmbiguousInitiates);
                retryAfter = response.Headers.RetryAfter?.Delta;
                reason = $"{operation} {status}";
            }
            else
            {
                throw new ClientGaveUpException($"{request.Method} {request.RequestUri} answered {status}: {body}");
            }
            await BackoffAsync(reason, attempt, retryAfter, deadline, ct);
        }
    }

    private async Task<string> TokenAsync(int tenantIndex, CancellationToken ct)
    {
        if (Volatile.Read(ref _tokens[tenantIndex]) is { } token) return token;
        await _login.WaitAsync(ct);
        try
        {
            if (_tokens[tenantIndex] is { } fresh) return fresh;
            var tenant = tenants[tenantIndex];
            var deadline = DateTime.UtcNow + GiveUpAfter;
            for (var attempt = 1; ; attempt++)
            {
                string reason;
                try
                {
                    using var response = await _http.PostAsJsonAsync(NextApi() + "/api/auth/login",
                        new { email = tenant.Email, password = FaultTenant.Password }, ct);
                    if (response.IsSuccessStatusCode)
                        return _tokens[tenantIndex] = (await response.Content.ReadFromJsonAsync<LoginDto>(Json, ct))!.AccessToken;
                    if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                        throw new ClientGaveUpException($"login answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                    reason = $"login {(int)response.StatusCode}";
                }
                catch (Exception e) when (IsTransient(e, ct))
                {
                    reason = "login " + e.GetType().Name;
                }
                await BackoffAsync(reason, attempt, null, deadline, ct);
            }
        }
        finally
        {
            _login.Release();
        }
    }

    private static HttpRequestMessage JsonContentRequest(HttpMethod method, string path, object body) =>
        new(method, path) { Content = JsonContent.Create(body, options: Json) };

    private static bool IsTransient(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or IOException;

    private async Task BackoffAsync(string reason, int attempt, TimeSpan? retryAfter, DateTime deadline, CancellationToken ct)
    {
        if (DateTime.UtcNow > deadline)
            throw new ClientGaveUpException($"gave up after {GiveUpAfter.TotalMinutes:0} minutes of retries; last failure: {reason}");
        stats.Retry(reason);
        var exponential = TimeSpan.FromMilliseconds(Math.Min(5000, 200 * Math.Pow(2, Math.Min(attempt - 1, 5))));
        var wait = retryAfter is { } ra && ra < TimeSpan.FromSeconds(5) && ra > exponential ? ra : exponential;
        await Task.Delay(wait * (0.5 + Random.Shared.NextDouble() * 0.5), ct);
    }
}
