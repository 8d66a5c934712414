using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BuildPeer.TestSupport.SigV4;

/// <summary>
/// Test-only: recomputes AWS Signature Version 4 (AWS4-HMAC-SHA256) signatures so tests can check the presigned S3
/// URLs the API hands out (the local emulator checks none). Pure: no clock, no I/O. Checked against AWS's published
/// SigV4 test suite in tests/BuildPeer.Messaging.Tests/SigV4.
/// </summary>
public static partial class SigV4Verifier
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

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
