using System.Text;
using BuildPeer.TestSupport.SigV4;
using BuildPeer.Messaging.Tests.SigV4.Vectors;

namespace BuildPeer.Messaging.Tests.SigV4;

/// <summary>Query-string (presigned) signing against the suite's query variants (X-Amz-Expires=3600).</summary>
public class PresignedUrlSuiteTests
{
    public static TheoryData<string> Cases => new(SigV4Suite.Presigned.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recomputes_the_suite_canonical_request_string_to_sign_and_signature(string name)
    {
        var vector = SigV4Suite.FindPresigned(name);
        var request = vector.Request;

        var computed = SigV4Verifier.ComputePresigned(request.Method, new Uri(request.Url), Headers(request),
            SigV4Suite.Credentials(vector.SessionToken), PayloadHash(request));

        Assert.Equal(SigV4Suite.Lf(vector.CanonicalRequest), computed.CanonicalRequest.ToString());
        Assert.Equal(SigV4Suite.Lf(vector.StringToSign), computed.StringToSign);
        Assert.Equal(vector.Signature, computed.Signature);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Accepts_the_suite_url_while_it_lives_and_rejects_it_after(string name)
    {
        var vector = SigV4Suite.FindPresigned(name);
        var request = vector.Request;
        var url = new Uri(request.Url);
        var credentials = SigV4Suite.Credentials(vector.SessionToken);
        PresignedUrlVerdict Verify(DateTime at) =>
            SigV4Verifier.VerifyPresignedUrl(new HttpMethod(request.Method), url, Headers(request), credentials, at, PayloadHash(request));

        Assert.Equal(PresignedUrlVerdict.Valid, Verify(SigV4Suite.Timestamp));
        Assert.Equal(PresignedUrlVerdict.Valid, Verify(SigV4Suite.Timestamp.AddSeconds(3600)));
        Assert.Equal(PresignedUrlVerdict.Expired, Verify(SigV4Suite.Timestamp.AddSeconds(3601)));
        Assert.Equal(PresignedUrlVerdict.NotYetValid, Verify(SigV4Suite.Timestamp.AddMinutes(-6)));
    }

    [Fact]
    public void Rejects_another_method_another_secret_another_key_and_a_changed_parameter()
    {
        var request = SigV4Suite.FindPresigned("get-vanilla-query-order-key-case").Request;
        var url = new Uri(request.Url);
        var headers = Headers(request);
        var at = SigV4Suite.Timestamp.AddMinutes(1);

        Assert.Equal(PresignedUrlVerdict.Valid,
            SigV4Verifier.VerifyPresignedUrl(HttpMethod.Get, url, headers, SigV4Suite.Credentials(), at, SigV4Verifier.EmptyPayloadHash));
        Assert.Equal(PresignedUrlVerdict.SignatureMismatch,
            SigV4Verifier.VerifyPresignedUrl(HttpMethod.Put, url, headers, SigV4Suite.Credentials(), at, SigV4Verifier.EmptyPayloadHash));
        Assert.Equal(PresignedUrlVerdict.SignatureMismatch,
            SigV4Verifier.VerifyPresignedUrl(HttpMethod.Get, url, headers, new SigV4Credentials(SigV4Suite.AccessKeyId, "another-secret"), at, SigV4Verifier.EmptyPayloadHash));
        Assert.Equal(PresignedUrlVerdict.UnknownAccessKey,
            SigV4Verifier.VerifyPresignedUrl(HttpMethod.Get, url, headers, new SigV4Credentials("AKIDOTHER", SigV4Suite.SecretAccessKey), at, SigV4Verifier.EmptyPayloadHash));
        Assert.Equal(PresignedUrlVerdict.SignatureMismatch,
            SigV4Verifier.VerifyPresignedUrl(HttpMethod.Get, new Uri(request.Url.Replace("Param1=value1", "Param1=value9")), headers,
                SigV4Suite.Credentials(), at, SigV4Verifier.EmptyPayloadHash));
        Assert.Equal(PresignedUrlVerdict.Malformed,
            SigV4Verifier.VerifyPresignedUrl(HttpMethod.Get, new Uri(request.Url.Replace("X-Amz-Algorithm=AWS4-HMAC-SHA256&", "")), headers,
                SigV4Suite.Credentials(), at, SigV4Verifier.EmptyPayloadHash));
    }

    [Fact]
    public void Reports_a_signed_header_the_client_does_not_send()
    {
        var request = SigV4Suite.FindPresigned("get-header-value-trim").Request;
        var withoutMyHeader2 = Headers(request).Where(h => h.Key != "My-Header2").ToDictionary();

        var verdict = SigV4Verifier.VerifyPresignedUrl(HttpMethod.Get, new Uri(request.Url), withoutMyHeader2,
            SigV4Suite.Credentials(), SigV4Suite.Timestamp, SigV4Verifier.EmptyPayloadHash);

        Assert.Equal(PresignedUrlVerdict.MissingSignedHeader, verdict);
    }

    private static Dictionary<string, string> Headers(SuiteRequest request) =>
        request.Headers.Where(h => h.Key != "Host").ToDictionary(h => h.Key, h => h.Value);

    private static string PayloadHash(SuiteRequest request) => SigV4Verifier.Sha256Hex(Encoding.UTF8.GetBytes(request.Body));
}
