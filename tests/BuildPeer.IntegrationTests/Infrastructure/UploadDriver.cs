using System.Net;
using Alba;
using BuildPeer.Api.Uploads;

namespace BuildPeer.IntegrationTests.Infrastructure;

/// <summary>The upload steps as a client does them: initiate, PUT the bytes to storage, complete, watch.</summary>
public static class UploadDriver
{
    // Storage is the emulator on its own port, reached with the presigned URLs as a client would.
    private static readonly HttpClient Storage = new() { Timeout = TimeSpan.FromMinutes(2) };

    public static async Task<UploadTicket> InitiateAsync(ApiUser api, Guid projectId, string fileName, string contentType, long size, string? sha256 = null)
    {
        var result = await api.Scenario(s =>
        {
            s.Post.Json(new { fileName, contentType, size, sha256 }).ToUrl($"/api/projects/{projectId}/uploads");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        return (await result.ReadAsJsonAsync<UploadTicket>())!;
    }

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

    public static async Task<UploadView> CompleteAsync(ApiUser api, Guid uploadId)
    {
        var result = await api.Scenario(s =>
        {
            s.PostWithoutBody($"/api/uploads/{uploadId}/complete");
            s.StatusCodeShouldBe(HttpStatusCode.Accepted);
        });
        return (await result.ReadAsJsonAsync<UploadView>())!;
    }

    public static async Task<UploadView> ViewAsync(ApiUser api, Guid uploadId)
    {
        var result = await api.Scenario(s => s.Get.Url($"/api/uploads/{uploadId}"));
        return (await result.ReadAsJsonAsync<UploadView>())!;
    }

    public static async Task<UploadListResponse> ListAsync(ApiUser api, Guid projectId)
    {
        var result = await api.Scenario(s => s.Get.Url($"/api/projects/{projectId}/uploads"));
        return (await result.ReadAsJsonAsync<UploadListResponse>())!;
    }

    public static async Task<PartsResponse> PartsAsync(ApiUser api, Guid uploadId)
    {
        var result = await api.Scenario(s => s.Get.Url($"/api/uploads/{uploadId}/parts"));
        return (await result.ReadAsJsonAsync<PartsResponse>())!;
    }

    public static async Task<List<HistoryEntry>> HistoryAsync(ApiUser api, Guid uploadId)
    {
        var result = await api.Scenario(s => s.Get.Url($"/api/uploads/{uploadId}/history"));
        return (await result.ReadAsJsonAsync<List<HistoryEntry>>())!;
    }

    /// <summary>Where GET …/content redirects to (a presigned storage URL), asserting the 302.</summary>
    public static async Task<Uri> ContentLocationAsync(ApiUser api, Guid uploadId, string? rendition = null)
    {
        var result = await api.Scenario(s =>
        {
            s.Get.Url($"/api/uploads/{uploadId}/content" + (rendition is null ? "" : $"?rendition={rendition}"));
            s.StatusCodeShouldBe(HttpStatusCode.Redirect);
        });
        return new Uri(result.Context.Response.Headers.Location.Single()!);
    }

    /// <summary>
    /// Polls GET /api/uploads/{id} until it reaches a final status, recording each status seen. Like a real client it
    /// backs off (100 ms growing to 1 s) and honours a 429's Retry-After, so long waits stay within the per-user limit.
    /// </summary>
    public static async Task<(UploadView Final, List<string> Seen)> WaitForFinalAsync(ApiUser api, Guid uploadId, TimeSpan? timeout = null)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var result = await api.Scenario(s =>
            {
                s.Get.Url($"/api/uploads/{uploadId}");
                s.IgnoreStatusCode();
            });
            if (result.Context.Response.StatusCode == (int)HttpStatusCode.TooManyRequests)
            {
                var retryAfter = int.TryParse(result.Context.Response.Headers.RetryAfter.ToString(), out var seconds) ? seconds : 1;
                if (DateTime.UtcNow + TimeSpan.FromSeconds(retryAfter) > deadline)
                    throw new TimeoutException($"Upload {uploadId} not final before the timeout (rate-limited); seen {string.Join(" → ", seen)}");
                await Task.Delay(TimeSpan.FromSeconds(retryAfter));
                continue;
            }
            Assert.Equal((int)HttpStatusCode.OK, result.Context.Response.StatusCode);
            var view = (await result.ReadAsJsonAsync<UploadView>())!;
            if (seen.Count == 0 || seen[^1] != view.Status) seen.Add(view.Status);
            if (view.Status is "Processed" or "Quarantined" or "Failed" or "Expired" or "Deleted") return (view, seen);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Upload {uploadId} still {view.Status} after the timeout; seen {string.Join(" → ", seen)}");
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 1000));
        }
    }

    /// <summary>
    /// Polls until the upload reaches <paramref name="expected"/> or the timeout passes, then returns the last view
    /// and every status seen. For a change made through another API instance: this one may answer from the status
    /// cache until the change's NOTIFY reaches it, a moment later, so a final status seen first is not the answer.
    /// </summary>
    public static async Task<(UploadView Last, List<string> Seen)> WaitForStatusAsync(ApiUser api, Guid uploadId, string expected, TimeSpan? timeout = null)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var (view, statuses) = await WaitForFinalAsync(api, uploadId, deadline - DateTime.UtcNow);
            foreach (var status in statuses)
                if (seen.Count == 0 || seen[^1] != status) seen.Add(status);
            if (view.Status == expected || DateTime.UtcNow > deadline) return (view, seen);
            await Task.Delay(200);
        }
    }

    public static async Task<UploadView> UploadAsync(ApiUser api, Guid projectId, string fileName, string contentType, byte[] bytes, string? sha256 = null)
    {
        var ticket = await InitiateAsync(api, projectId, fileName, contentType, bytes.Length, sha256);
        await PutAsync(ticket, bytes);
        await CompleteAsync(api, ticket.UploadId);
        return (await WaitForFinalAsync(api, ticket.UploadId)).Final;
    }
}
