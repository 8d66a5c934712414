using System.Text;
using System.Text.Json;

namespace BuildPeer.Api.Live;

/// <summary>
/// Writes the text/event-stream format by hand: TypedResults.ServerSentEvents has no way to send the comment
/// lines that serve as heartbeats.
/// </summary>
public sealed class SseWriter(HttpResponse response, JsonSerializerOptions json)
{
    public void Start()
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        // nginx and some load balancers buffer responses unless told not to.
        response.Headers["X-Accel-Buffering"] = "no";
    }

    public Task RetryAsync(TimeSpan delay, CancellationToken ct) => WriteAsync($"retry: {(long)delay.TotalMilliseconds}\n\n", ct);

    public Task CommentAsync(string text, CancellationToken ct) => WriteAsync($": {text}\n\n", ct);

    public Task EventAsync<T>(string type, T data, long? id, CancellationToken ct)
    {
        var text = new StringBuilder();
        if (id is { } value) text.Append("id: ").Append(value).Append('\n');
        text.Append("event: ").Append(type).Append('\n');
        // Serialized JSON has no raw newlines, so it is always one data line.
        text.Append("data: ").Append(JsonSerializer.Serialize(data, json)).Append("\n\n");
        return WriteAsync(text.ToString(), ct);
    }

    private async Task WriteAsync(string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await response.Body.FlushAsync(ct);
    }
}
