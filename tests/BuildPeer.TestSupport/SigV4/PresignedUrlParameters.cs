using System.Globalization;

namespace BuildPeer.TestSupport.SigV4;

/// <summary>The X-Amz-* query parameters of a SigV4 presigned URL, parsed and checked for shape.</summary>
public sealed record PresignedUrlParameters(
    string AccessKeyId,
    string DateStamp,
    string Region,
    string Service,
    string AmzDate,
    DateTime SignedAtUtc,
    int ExpiresSeconds,
    IReadOnlyList<string> SignedHeaders,
    string Signature)
{
    /// <summary>SigV4 presigned URLs live at most seven days.</summary>
    public const int MaxExpiresSeconds = 604_800;

    public DateTime ExpiresAtUtc => SignedAtUtc.AddSeconds(ExpiresSeconds);

    public static PresignedUrlParameters? TryParse(Uri url)
    {
        var query = SigV4Verifier.ParseQuery(url.Query)
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        string? Single(string name) => query.TryGetValue(name, out var values) && values.Count == 1 ? values[0].Value : null;

        if (Single("X-Amz-Algorithm") != SigV4Verifier.Algorithm) return null;
        if (Single("X-Amz-Credential")?.Split('/') is not [var accessKeyId, var dateStamp, var region, var service, "aws4_request"]) return null;
        if (Single("X-Amz-Date") is not { } amzDate
            || !DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt)
            || amzDate[..8] != dateStamp) return null;
        if (!int.TryParse(Single("X-Amz-Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires is < 1 or > MaxExpiresSeconds) return null;
        if (Single("X-Amz-SignedHeaders") is not { Length: > 0 } signedHeaders) return null;
        if (Single("X-Amz-Signature") is not { Length: 64 } signature) return null;

        return new PresignedUrlParameters(accessKeyId, dateStamp, region, service, amzDate, signedAt, expires,
            signedHeaders.Split(';'), signature);
    }
}
