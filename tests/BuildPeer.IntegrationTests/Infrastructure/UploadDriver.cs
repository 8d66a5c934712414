using System.Net;
using System.Net.Http.Json;
using BuildPeer.Api.Uploads;

namespace BuildPeer.IntegrationTests.Infrastructure;

/// <summary>Plain-HTTP upload steps as a client does them: initiate, PUT the bytes to storage, complete, watch.</summary>
public static class UploadDriver
{
    private static readonly HttpClient Storage = new() { Timeout = TimeSpan.FromMinutes(2) };

    public static Task<UploadTicket> InitiateAsync(HttpClient api, Guid projectId, string fileName, string contentType, long size, string? sha256 = null) =>
        api.PostAsJsonAsync($"/api/projects/{projectId}/uploads", new { fileName, contentType, size, sha256 })
            .JsonAsync<UploadTicket>(HttpStatusCode.Created);

    public static async Task PutAsync(UploadTicket ticket, byte[] bytes)
    {
        if (ticket.Put is { } put)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, put.Url) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(put.Headers["Content-Type"]);
            (await Storage.SendAsync(request)).EnsureSuccessStatusCode();
            return;
        }
        foreach (var part in ticket.Multipart!.Parts)
        {
            using var content = new ByteArrayContent(bytes, (int)part.Offset, (int)part.Length);
            (await Storage.PutAsync(part.Url, content)).EnsureSuccessStatusCode();
        }
    }

    public static Task<UploadView> CompleteAsync(HttpClient api, Guid uploadId) =>
        api.PostAsync($"/api/uploads/{uploadId}/complete", null).JsonAsync<UploadView>(HttpStatusCode.Accepted);

    /// <summary>Polls GET /api/uploads/{id} until it reaches a final status, recording each status seen.</summary>
    public static async Task<(UploadView Final, List<string> Seen)> WaitForFinalAsync(HttpClient api, Guid uploadId, TimeSpan? timeout = null)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var view = await api.GetAsync($"/api/uploads/{uploadId}").JsonAsync<UploadView>(HttpStatusCode.OK);
            if (seen.Count == 0 || seen[^1] != view.Status) seen.Add(view.Status);
            if (view.Status is "Processed" or "Quarantined" or "Failed" or "Expired" or "Deleted") return (view, seen);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Upload {uploadId} still {view.Status} after the timeout; seen {string.Join(" → ", seen)}");
            await Task.Delay(100);
        }
    }

    public static async Task<UploadView> UploadAsync(HttpClient api, Guid projectId, string fileName, string contentType, byte[] bytes, string? sha256 = null)
    {
        var ticket = await InitiateAsync(api, projectId, fileName, contentType, bytes.Length, sha256);
        await PutAsync(ticket, bytes);
        await CompleteAsync(api, ticket.UploadId);
        return (await WaitForFinalAsync(api, ticket.UploadId)).Final;
    }
}
