using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Api;

/// <summary>
/// The BuildPeer API calls a client makes, each retried under the policy (network errors, 5xx, 429 with
/// Retry-After). Final answers (4xx) throw <see cref="BuildPeerException"/> with the problem's message.
/// </summary>
public sealed class BuildPeerApi(HttpClient http, string accessToken, Retrier retrier, Action<RetryNotice>? onRetry = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Uri? BaseAddress => http.BaseAddress;

    public static async Task<LoginResult> LoginAsync(HttpClient http, string email, string password, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("api/auth/login", new { email, password }, Json, ct);
        try { return await ReadAsync<LoginResult>(response, ct); }
        catch (RequestFailedException e) { throw new BuildPeerException("login failed: " + e.Failure.Message, e.Failure.StatusCode); }
    }

    public Task<UploadTicket> InitiateAsync(Guid projectId, string fileName, string contentType, long size, string? sha256, CancellationToken ct) =>
        SendAsync<UploadTicket>($"start upload of {fileName}", HttpMethod.Post, $"api/projects/{projectId}/uploads",
            new { fileName, contentType, size, sha256 }, ct);

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

    private Task<T> SendAsync<T>(string what, HttpMethod method, string path, object? body, CancellationToken ct) =>
        retrier.RunAsync(what, async attemptCt =>
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
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
