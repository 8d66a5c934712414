using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BuildPeer.Bench.Client;

public sealed record Ticket(Guid UploadId, string Status, PutTicket? Put, MultipartInfo? Multipart);
public sealed record PutTicket(string Method, string Url, Dictionary<string, string> Headers);
public sealed record MultipartInfo(long PartSize, int PartCount, List<PartInfo> Parts);
public sealed record PartInfo(int PartNumber, long Offset, long Length, string Url);
public sealed record LoginAnswer(string AccessToken);

/// <summary>Plain HTTP against the API as a client does it, plus the storage PUTs and the old-architecture proxy PUT.</summary>
public sealed class BenchApi : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _api;
    private readonly HttpClient _storage;
    private readonly string _email;
    private readonly string _password;
    private readonly SemaphoreSlim _loginLock = new(1, 1);
    private string _token = "";
    private DateTime _tokenAt = DateTime.MinValue;

    public BenchApi(string apiBaseUrl, string email, string password)
    {
        _email = email;
        _password = password;
        _api = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(apiBaseUrl),
            Timeout = TimeSpan.FromMinutes(2),
        };
        _storage = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromMinutes(5) };
    }

    public string Token => _token;

    /// <summary>Access tokens last 15 minutes; a full run is longer, so log in again after 10.</summary>
    public async Task<string> CurrentTokenAsync(CancellationToken ct)
    {
        if (DateTime.UtcNow - _tokenAt < TimeSpan.FromMinutes(10)) return _token;
        await _loginLock.WaitAsync(ct);
        try
        {
            if (DateTime.UtcNow - _tokenAt < TimeSpan.FromMinutes(10)) return _token;
            using var response = await _api.PostAsJsonAsync("/api/auth/login", new { email = _email, password = _password }, ct);
            await ExpectAsync(response, HttpStatusCode.OK, "login", ct);
            _token = (await response.Content.ReadFromJsonAsync<LoginAnswer>(Json, ct))!.AccessToken;
            _tokenAt = DateTime.UtcNow;
            return _token;
        }
        finally
        {
            _loginLock.Release();
        }
    }

    public async Task<Ticket> InitiateAsync(Guid projectId, string fileName, string contentType, long size, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/uploads")
        {
            Content = JsonContent.Create(new { fileName, contentType, size }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await CurrentTokenAsync(ct));
        using var response = await _api.SendAsync(request, ct);
        await ExpectAsync(response, HttpStatusCode.Created, "initiate", ct);
        return (await response.Content.ReadFromJsonAsync<Ticket>(Json, ct))!;
    }

    public async Task CompleteAsync(Guid uploadId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/uploads/{uploadId}/complete");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await CurrentTokenAsync(ct));
        using var response = await _api.SendAsync(request, ct);
        await ExpectAsync(response, HttpStatusCode.Accepted, "complete", ct);
    }

    /// <summary>Sends the bytes straight to storage: one presigned PUT, or every presigned part (4 at a time).</summary>
    public async Task PutAsync(Ticket ticket, byte[] bytes, CancellationToken ct)
    {
        if (ticket.Put is { } put)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, put.Url) { Content = new ByteArrayContent(bytes) };
            foreach (var (name, value) in put.Headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
                else request.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await _storage.SendAsync(request, ct);
            await ExpectAsync(response, HttpStatusCode.OK, "storage PUT", ct);
            return;
        }
        var parts = ticket.Multipart ?? throw new InvalidOperationException("The ticket has neither a PUT nor parts.");
        await Parallel.ForEachAsync(parts.Parts, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (part, token) =>
        {
            using var content = new ByteArrayContent(bytes, (int)part.Offset, (int)part.Length);
            using var response = await _storage.PutAsync(part.Url, content, token);
            await ExpectAsync(response, HttpStatusCode.OK, $"part {part.PartNumber} PUT", token);
        });
    }

    /// <summary>The old architecture: the bytes go to an API endpoint (the bench proxy), which writes them to S3.</summary>
    public async Task ProxyPutAsync(string proxyBaseUrl, Guid projectId, string fileName, string contentType, byte[] bytes, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{proxyBaseUrl}/proxy/projects/{projectId}/files/{Uri.EscapeDataString(fileName)}")
        {
            Content = new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await CurrentTokenAsync(ct));
        using var response = await _storage.SendAsync(request, ct);
        await ExpectAsync(response, HttpStatusCode.Created, "proxy PUT", ct);
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken ct)
    {
        if (response.StatusCode == expected) return;
        var body = await response.Content.ReadAsStringAsync(ct);
        throw new HttpRequestException($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {Truncate(body, 500)}", null, response.StatusCode);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    public void Dispose()
    {
        _api.Dispose();
        _storage.Dispose();
        _loginLock.Dispose();
    }
}
