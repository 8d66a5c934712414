using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.Client.Auth;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Api;

/// <summary>
/// The BuildPeer API calls a client makes, each retried under the policy (network errors, 5xx, 429 with
/// Retry-After). Final answers (4xx) throw <see cref="BuildPeerException"/> with the problem's message. A 401 is
/// answered once by refreshing the session (<see cref="SessionRefresher"/>, shared by concurrent calls) and trying again.
/// </summary>
public sealed class BuildPeerApi(HttpClient http, SessionRefresher session, Retrier retrier, Action<RetryNotice>? onRetry = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An API client whose 401s are final (no refresh token).</summary>
    public BuildPeerApi(HttpClient http, string accessToken, Retrier retrier, Action<RetryNotice>? onRetry = null)
        : this(http, SessionRefresher.Fixed(accessToken), retrier, onRetry) { }

    public SessionRefresher Session => session;

    public Uri? BaseAddress => http.BaseAddress;

    public static async Task<LoginResult> LoginAsync(HttpClient http, string email, string password, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("api/auth/login", new { email, password }, Json, ct);
        try { return await ReadAsync<LoginResult>(response, ct); }
        catch (RequestFailedException e) { throw new BuildPeerException("login failed: " + e.Failure.Message, e.Failure.StatusCode); }
    }

    /// <summary>POST /api/auth/refresh: spends <paramref name="refreshToken"/> for new tokens (retried on network errors and 5xx only).</summary>
    public static Task<SessionTokens> RefreshAsync(HttpClient http, string refreshToken, Retrier retrier, CancellationToken ct) =>
        retrier.RunAsync("refresh the session", async attemptCt =>
        {
            using var response = await http.PostAsJsonAsync("api/auth/refresh", new { refreshToken }, Json, attemptCt);
            return (await ReadAsync<RefreshResult>(response, attemptCt)).ToSession();
        }, resign: null, onRetry: null, ct);

    public Task<UploadTicket> InitiateAsync(Guid projectId, string fileName, string contentType, long size, string? sha256, CancellationToken ct,
        long? partSize = null) =>
        SendAsync<UploadTicket>($"start upload of {fileName}", HttpMethod.Post, $"api/projects/{projectId}/uploads",
            new { fileName, contentType, size, sha256, partSize }, ct);

    public Task<SignedParts> SignPartsAsync(Guid uploadId, IReadOnlyCollection<int> partNumbers, CancellationToken ct) =>
        SendAsync<SignedParts>($"sign parts {string.Join(",", partNumbers)}", HttpMethod.Post, $"api/uploads/{uploadId}/parts/sign",
            new { partNumbers }, ct);

    public Task<PartsListing> ListPartsAsync(Guid uploadId, CancellationToken ct) =>
        SendAsync<PartsListing>("list parts", HttpMethod.Get, $"api/uploads/{uploadId}/parts", null, ct);

    public Task ConfirmPartAsync(Guid uploadId, int partNumber, string eTag, long size, string sha256, CancellationToken ct) =>
        SendAsync<object?>($"confirm part {partNumber}", HttpMethod.Put, $"api/uploads/{uploadId}/parts/{partNumber}",
            new { eTag, size, sha256 }, ct);

    public Task<UploadView> CompleteAsync(Guid uploadId, string? sha256, CancellationToken ct) =>
        SendAsync<UploadView>("complete upload", HttpMethod.Post, $"api/uploads/{uploadId}/complete", new { sha256 }, ct);

    /// <summary>Null when the upload does not exist (or belongs to someone the caller cannot see).</summary>
    public async Task<UploadView?> GetUploadAsync(Guid uploadId, CancellationToken ct)
    {
        try { return await SendAsync<UploadView>("get upload", HttpMethod.Get, $"api/uploads/{uploadId}", null, ct); }
        catch (BuildPeerException e) when (e.StatusCode == 404) { return null; }
    }

    public Task<UploadPage> ListProjectUploadsAsync(Guid projectId, int limit, string? cursor, CancellationToken ct) =>
        SendAsync<UploadPage>("list uploads", HttpMethod.Get,
            $"api/projects/{projectId}/uploads?limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), null, ct);

    public Task DeleteUploadAsync(Guid uploadId, CancellationToken ct) =>
        SendAsync<object?>("delete upload", HttpMethod.Delete, $"api/uploads/{uploadId}", null, ct);

    /// <summary>GET /api/ops/dead-letters (operador role): newest first, <paramref name="state"/> null for every state.</summary>
    public Task<List<DeadLetterView>> ListDeadLettersAsync(string? state, int limit, CancellationToken ct) =>
        SendAsync<List<DeadLetterView>>("list dead letters", HttpMethod.Get,
            $"api/ops/dead-letters?limit={limit}" + (state is null ? "" : "&state=" + Uri.EscapeDataString(state)), null, ct);

    /// <summary>Sends the message to the pipeline again; an upload that failed at its stage is reopened (UploadRetried).</summary>
    public Task ReplayDeadLetterAsync(Guid id, CancellationToken ct) =>
        SendAsync<object?>($"replay dead letter {id}", HttpMethod.Post, $"api/ops/dead-letters/{id}/replay", null, ct);

    public Task<ReplayAllResult> ReplayAllDeadLettersAsync(CancellationToken ct) =>
        SendAsync<ReplayAllResult>("replay every dead letter", HttpMethod.Post, "api/ops/dead-letters/replay-all", null, ct);

    public Task DiscardDeadLetterAsync(Guid id, string reason, CancellationToken ct) =>
        SendAsync<object?>($"discard dead letter {id}", HttpMethod.Post, $"api/ops/dead-letters/{id}/discard", new { reason }, ct);

    /// <summary>Sends with the session's access token; after a 401 refreshes once (single-flight) and tries again.</summary>
    private async Task<T> SendAsync<T>(string what, HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var sentWith = session.AccessToken;
        try
        {
            return await SendWithTokenAsync<T>(what, method, path, body, () => sentWith = session.AccessToken, ct);
        }
        catch (BuildPeerException e) when (e.StatusCode == 401 && session.CanRefresh)
        {
            var fresh = await session.AccessTokenAfterRejectionAsync(sentWith, ct);
            return await SendWithTokenAsync<T>(what, method, path, body, () => fresh, ct);
        }
    }

    private Task<T> SendWithTokenAsync<T>(string what, HttpMethod method, string path, object? body, Func<string> token, CancellationToken ct) =>
        retrier.RunAsync(what, async attemptCt =>
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token());
            if (body is not null) request.Content = JsonContent.Create(body, options: Json);
            using var response = await http.SendAsync(request, attemptCt);
            return await ReadAsync<T>(response, attemptCt);
        }, resign: null, onRetry, ct);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(object)) return default!;
            return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
        }
        var status = (int)response.StatusCode;
        var message = ProblemMessage.From(status, response.ReasonPhrase, await response.Content.ReadAsStringAsync(ct));
        if (status == 401) message = "not signed in, or the session expired: " + message;
        throw new RequestFailedException(new AttemptFailure(status, message, RetryAfterHeader.Read(response.Headers, DateTimeOffset.UtcNow)));
    }
}
