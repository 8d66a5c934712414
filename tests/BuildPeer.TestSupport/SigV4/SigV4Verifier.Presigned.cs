using System.Security.Cryptography;
using System.Text;

namespace BuildPeer.TestSupport.SigV4;

/// <summary>Checking query-string (presigned) SigV4 URLs, such as S3 presigned PUTs, the way the service does.</summary>
public static partial class SigV4Verifier
{
    /// <summary>How far X-Amz-Date may be ahead of our clock, as S3 allows for skew.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Recomputes a presigned URL's signature from its own X-Amz-* parameters (region and service come from the
    /// credential scope). <paramref name="headers"/> are the headers the client sends; Host defaults to the URL's.
    /// Every query parameter except X-Amz-Signature is signed.
    /// </summary>
    public static SigV4Computation ComputePresigned(string method, Uri url, IReadOnlyDictionary<string, string> headers,
        SigV4Credentials credentials, string payloadHash = UnsignedPayload)
    {
        var parameters = PresignedUrlParameters.TryParse(url)
            ?? throw new ArgumentException("The URL does not carry well-formed X-Amz-* presigning parameters.", nameof(url));
        return TryComputePresigned(method, url, parameters, headers, credentials.SecretAccessKey, payloadHash)
            ?? throw new ArgumentException($"A signed header is missing; the URL signs {string.Join(';', parameters.SignedHeaders)}.", nameof(headers));
    }

    public static string ComputePresignedSignature(string method, Uri url, IReadOnlyDictionary<string, string> headers,
        SigV4Credentials credentials, string payloadHash = UnsignedPayload) =>
        ComputePresigned(method, url, headers, credentials, payloadHash).Signature;

    /// <summary>Verifies a presigned PUT, the kind this project hands to uploading clients.</summary>
    public static PresignedUrlVerdict VerifyPresignedUrl(Uri url, IReadOnlyDictionary<string, string> headers, SigV4Credentials credentials, DateTime utcNow) =>
        VerifyPresignedUrl(HttpMethod.Put, url, headers, credentials, utcNow);

    /// <summary>
    /// Whether <paramref name="url"/>, requested with <paramref name="method"/> and <paramref name="headers"/>,
    /// carries a signature made with <paramref name="credentials"/> and is valid at <paramref name="utcNow"/>
    /// (from X-Amz-Date to X-Amz-Date + X-Amz-Expires). A tampered URL reports the mismatch before any expiry.
    /// </summary>
    public static PresignedUrlVerdict VerifyPresignedUrl(HttpMethod method, Uri url, IReadOnlyDictionary<string, string> headers,
        SigV4Credentials credentials, DateTime utcNow, string payloadHash = UnsignedPayload)
    {
        if (PresignedUrlParameters.TryParse(url) is not { } parameters) return PresignedUrlVerdict.Malformed;
        if (parameters.AccessKeyId != credentials.AccessKeyId) return PresignedUrlVerdict.UnknownAccessKey;
        if (TryComputePresigned(method.Method, url, parameters, headers, credentials.SecretAccessKey, payloadHash) is not { } computed)
            return PresignedUrlVerdict.MissingSignedHeader;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed.Signature), Encoding.ASCII.GetBytes(parameters.Signature.ToLowerInvariant())))
            return PresignedUrlVerdict.SignatureMismatch;

        var now = AsUtc(utcNow);
        if (parameters.SignedAtUtc - now > AllowedClockSkew) return PresignedUrlVerdict.NotYetValid;
        return now > parameters.ExpiresAtUtc ? PresignedUrlVerdict.Expired : PresignedUrlVerdict.Valid;
    }

    private static SigV4Computation? TryComputePresigned(string method, Uri url, PresignedUrlParameters parameters,
        IReadOnlyDictionary<string, string> headers, string secretAccessKey, string payloadHash)
    {
        var signedHeaders = new List<KeyValuePair<string, string>>();
        foreach (var name in parameters.SignedHeaders)
        {
            var supplied = headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (supplied.Key is not null) signedHeaders.Add(new(name, supplied.Value));
            else if (name.Equals("host", StringComparison.OrdinalIgnoreCase)) signedHeaders.Add(new(name, HostHeader(url)));
            else return null;
        }
        var query = ParseQuery(url.Query).Where(p => p.Key != "X-Amz-Signature");
        var canonical = SigV4CanonicalRequest.Create(method, CanonicalUri(url.AbsolutePath, IsS3(parameters.Service)), query, signedHeaders, payloadHash);
        return Compute(canonical, secretAccessKey, parameters.AmzDate, parameters.Region, parameters.Service);
    }
}
