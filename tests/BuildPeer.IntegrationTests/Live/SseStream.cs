using System.Net;
using System.Text.Json;
using System.Threading.Channels;

namespace BuildPeer.IntegrationTests.Live;

public sealed record SseMessage(string? Id, string Type, string Data, bool IsComment)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
    public Guid UploadId => Json.GetProperty("upload").GetProperty("id").GetGuid();
    public string Status => Json.GetProperty("upload").GetProperty("status").GetString()!;
    public long Version => Json.GetProperty("upload").GetProperty("version").GetInt64();
    public bool IsUpload => Type is "status" or "progress";
}

/// <summary>
/// An open text/event-stream response, parsed line by line in the background so a test can wait for messages (an
/// HttpClient read as it arrives: an Alba scenario returns once the response is complete).
/// </summary>
public sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseMessage> _messages = Channel.CreateUnbounded<SseMessage>();
    private readonly Task _pump;

    public List<SseMessage> Received { get; } = [];

    private SseStream(HttpResponseMessage response)
    {
        _response = response;
        _pump = PumpAsync();
    }

    public static async Task<SseStream> OpenAsync(HttpClient client, string url, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
            Assert.Fail($"GET {url}: expected 200, got {(int)response.StatusCode}.\n{await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseStream(response);
    }

    /// <summary>Opens the stream and waits for its "ready" event: from then on the subscription is live.</summary>
    public static async Task<SseStream> ReadyAsync(HttpClient client, string url, string? lastEventId = null)
    {
        var stream = await OpenAsync(client, url, lastEventId);
        await stream.WaitForAsync(m => m.Type == "ready", TimeSpan.FromSeconds(15));
        return stream;
    }

    /// <summary>Waits for the next message (seen or not yet) that matches; every message read meanwhile stays in <see cref="Received"/>.</summary>
    public async Task<SseMessage> WaitForAsync(Func<SseMessage, bool> match, TimeSpan timeout)
    {
        lock (Received)
        {
            var seen = Received.FirstOrDefault(match);
            if (seen is not null) return seen;
        }
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var message = await _messages.Reader.ReadAsync(cts.Token);
                if (match(message)) return message;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No matching SSE message within {timeout}. Received: {Describe()}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The stream ended before a matching message. Received: {Describe()}");
        }
    }

    public string Describe()
    {
        lock (Received) return string.Join(" | ", Received.Select(m => m.IsComment ? ":" + m.Data : $"{m.Type}#{m.Id} {(m.IsUpload ? $"{m.UploadId:N}".Substring(0, 8) + " " + m.Status + " v" + m.Version : m.Data)}"));
    }

    public IReadOnlyList<SseMessage> Snapshot()
    {
        lock (Received) return Received.ToList();
    }

    private async Task PumpAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
            using var reader = new StreamReader(body);
            string? id = null, type = null;
            var data = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0) Publish(new SseMessage(id, type ?? "message", string.Join("\n", data), false));
                    id = null; type = null; data.Clear();
                }
                else if (line.StartsWith(':')) Publish(new SseMessage(null, "comment", line[1..].Trim(), true));
                else if (line.StartsWith("id:")) id = line[3..].Trim();
                else if (line.StartsWith("event:")) type = line[6..].Trim();
                else if (line.StartsWith("data:")) data.Add(line[5..].TrimStart());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
            // Closed by the test or the server.
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    private void Publish(SseMessage message)
    {
        lock (Received) Received.Add(message);
        _messages.Writer.TryWrite(message);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try { await _pump; } catch (Exception) { /* already reported as closed */ }
        _stop.Dispose();
    }
}
