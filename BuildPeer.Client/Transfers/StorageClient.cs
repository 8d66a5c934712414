using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Transfers;

/// <summary>One PUT of bytes to a presigned storage URL. Failures become <see cref="RequestFailedException"/> for the retry policy.</summary>
internal sealed partial class StorageClient(HttpClient http, TimeProvider clock)
{
    /// <returns>The ETag storage answered (quotes kept, as S3 sends it).</returns>
    public async Task<string> PutAsync(string url, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string>? signedHeaders,
        Action<long> onSent, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ProgressContent(body, onSent) };
        foreach (var (name, value) in signedHeaders ?? new Dictionary<string, string>())
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            else request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        if (response.IsSuccessStatusCode)
        {
            return response.Headers.TryGetValues("ETag", out var tags) ? tags.First()
                : throw new RequestFailedException(AttemptFailure.Network("storage answered without an ETag"));
        }
        var text = await response.Content.ReadAsStringAsync(ct);
        var code = ErrorCode().Match(text) is { Success: true } m ? m.Groups[1].Value : null;
        var message = ErrorMessage().Match(text) is { Success: true } mm ? mm.Groups[1].Value : response.ReasonPhrase ?? "";
        throw new RequestFailedException(new AttemptFailure((int)response.StatusCode, $"{code} {message}".Trim(),
            RetryAfterHeader.Read(response.Headers, clock.GetUtcNow()), code));
    }

    [GeneratedRegex("<Code>([^<]*)</Code>")]
    private static partial Regex ErrorCode();

    [GeneratedRegex("<Message>([^<]*)</Message>")]
    private static partial Regex ErrorMessage();
}
