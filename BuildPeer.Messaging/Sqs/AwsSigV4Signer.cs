using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BuildPeer.Messaging.Sqs;

/// <summary>
/// AWS Signature Version 4 (AWS4-HMAC-SHA256), pure: no clock, no I/O. Checked against AWS's published
/// SigV4 test suite in tests/BuildPeer.Messaging.Tests.
/// </summary>
public static partial class AwsSigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    // Hop-by-hop headers, and headers the transport, a proxy or a tracing handler may add or rewrite
    // after signing: signing them would make an otherwise valid request fail verification.
    private static readonly HashSet<string> UnsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "content-length", "user-agent", "expect", "transfer-encoding", "connection", "keep-alive",
        "proxy-authorization", "te", "upgrade", "x-amzn-trace-id", "traceparent", "tracestate", "baggage",
    };

    /// <summary>
    /// Signs <paramref name="request"/> in place: sets X-Amz-Date, X-Amz-Security-Token (temporary credentials)
    /// and Authorization. Every header already on the request (and its content) is signed, except hop-by-hop,
    /// Content-Length, User-Agent and tracing headers; Host comes from the URI. <paramref name="body"/> must be the bytes sent;
    /// an x-amz-content-sha256 header, if present, is used as the payload hash instead (S3's UNSIGNED-PAYLOAD).
    /// </summary>
    public static SigV4Computation Sign(HttpRequestMessage request, byte[] body, AwsCredentials credentials, string region, string service, DateTime utcNow)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true })
            throw new ArgumentException("The request needs an absolute RequestUri to be signed.", nameof(request));

        var amzDate = AmzDate(utcNow);
        request.Headers.Remove("Authorization");
        request.Headers.Remove("X-Amz-Date");
        request.Headers.Remove("X-Amz-Security-Token");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (credentials.SessionToken is { Length: > 0 } token)
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", token);

        var payloadHash = request.Headers.TryGetValues("x-amz-content-sha256", out var declared)
            ? declared.First()
            : Sha256Hex(body);
        var computation = Compute(CanonicalRequestFor(request, payloadHash, service), credentials.SecretAccessKey, amzDate, region, service);
        request.Headers.TryAddWithoutValidation("Authorization",
            AuthorizationHeader(credentials.AccessKeyId, CredentialScope(amzDate[..8], region, service), computation));
        return computation;
    }

    /// <summary>The canonical request of an <see cref="HttpRequestMessage"/> as <see cref="Sign"/> sees it.</summary>
    public static SigV4CanonicalRequest CanonicalRequestFor(HttpRequestMessage request, string payloadHash, string service)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no RequestUri.", nameof(request));
        var headers = new List<KeyValuePair<string, string>> { new("host", request.Headers.Host ?? HostHeader(uri)) };
        var all = request.Content is null ? request.Headers : request.Headers.Concat(request.Content.Headers);
        foreach (var (name, values) in all)
        {
            if (UnsignedHeaders.Contains(name) || name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var value in values) headers.Add(new(name, value));
        }
        return SigV4CanonicalRequest.Create(request.Method.Method, CanonicalUri(uri.AbsolutePath, IsS3(service)), ParseQuery(uri.Query), headers, payloadHash);
    }

    /// <summary>String to sign and signature for a canonical request (AWS's tasks 2 and 3).</summary>
    public static SigV4Computation Compute(SigV4CanonicalRequest canonicalRequest, string secretAccessKey, string amzDate, string region, string service)
    {
        var dateStamp = amzDate[..8];
        var stringToSign = $"{Algorithm}\n{amzDate}\n{CredentialScope(dateStamp, region, service)}\n{Sha256Hex(canonicalRequest.ToString())}";
        var signature = Convert.ToHexStringLower(
            HMACSHA256.HashData(SigningKey(secretAccessKey, dateStamp, region, service), Encoding.UTF8.GetBytes(stringToSign)));
        return new SigV4Computation(canonicalRequest, stringToSign, signature);
    }

    public static byte[] SigningKey(string secretAccessKey, string dateStamp, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(dateStamp));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    public static string CredentialScope(string dateStamp, string region, string service) => $"{dateStamp}/{region}/{service}/aws4_request";

    public static string AuthorizationHeader(string accessKeyId, string credentialScope, SigV4Computation computation) =>
        $"{Algorithm} Credential={accessKeyId}/{credentialScope}, SignedHeaders={computation.CanonicalRequest.SignedHeaders}, Signature={computation.Signature}";

    /// <summary>
    /// S3 signs the path as sent, encoded once and not normalized. Every other service normalizes the path
    /// and URI-encodes it again, so an already percent-encoded path is encoded twice.
    /// </summary>
    public static string CanonicalUri(string path, bool s3)
    {
        if (path.Length == 0) return "/";
        return s3
            ? AwsUriEncoding.Encode(Uri.UnescapeDataString(path), keepSlash: true)
            : AwsUriEncoding.Encode(AwsUriEncoding.NormalizePath(path), keepSlash: true);
    }

    /// <summary>Splits a URI query ("?a=1&amp;b") into decoded pairs; a name without '=' has an empty value.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(string query)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add(new(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)));
        }
        return pairs;
    }

    public static string AmzDate(DateTime utcNow) => AsUtc(utcNow).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    /// <summary>An Unspecified time is taken as UTC already; a Local one is converted.</summary>
    private static DateTime AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };

    private static bool IsS3(string service) => service.StartsWith("s3", StringComparison.Ordinal);

    private static string HostHeader(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.Dns ? uri.IdnHost : uri.Host;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port}";
    }
}
