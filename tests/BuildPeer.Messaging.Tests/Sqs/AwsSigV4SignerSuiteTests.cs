using System.Text;
using BuildPeer.Messaging.Sqs;
using BuildPeer.Messaging.Tests.Sqs.Vectors;

namespace BuildPeer.Messaging.Tests.Sqs;

/// <summary>Header signing against every case of AWS's SigV4 test suite (see Vectors/).</summary>
public class AwsSigV4SignerSuiteTests
{
    public static TheoryData<string> AllCases => new(SigV4Suite.All.Select(c => c.Name));

    // Cases whose request survives System.Uri unchanged in meaning. Left out: get-header-value-multiline
    // (a header value cannot carry a newline), get-utf8 and get-space (Uri escapes the raw path, and Sign
    // rightly encodes an escaped path again for non-S3 services), the S3-style unnormalized paths, and the
    // sign-body cases, which also sign Content-Length (Sign does not; AwsSigV4SignerDocumentationExampleTests
    // has the suite's original form POST vector for that).
    public static TheoryData<string> HttpRequestMessageCases => new(
        "get-vanilla", "get-vanilla-empty-query-key", "get-vanilla-query-order-key-case", "get-vanilla-query-order-encoded",
        "get-vanilla-query-unreserved", "get-vanilla-utf8-query", "get-vanilla-with-session-token", "get-unreserved",
        "get-header-key-duplicate", "get-header-value-order", "get-header-value-trim",
        "get-slash-normalized", "get-slashes-normalized", "get-slash-dot-slash-normalized", "get-slash-pointless-dot-normalized",
        "get-relative-normalized", "get-relative-relative-normalized",
        "post-vanilla", "post-vanilla-query", "post-vanilla-empty-query-value", "post-header-key-case", "post-header-key-sort",
        "post-header-value-case", "post-sts-header-before", "post-sts-header-after");

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Canonical_request_string_to_sign_and_signature_match_the_suite(string name)
    {
        var vector = SigV4Suite.Find(name);
        var request = SuiteRequest.Parse(vector.Request);
        var payloadHash = AwsSigV4Signer.Sha256Hex(Encoding.UTF8.GetBytes(request.Body));
        var headers = request.Headers.ToList();
        headers.Add(new("X-Amz-Date", SigV4Suite.AmzDate));
        if (vector.SessionToken is not null && !vector.OmitSessionToken) headers.Add(new("X-Amz-Security-Token", vector.SessionToken));
        if (vector.SignBody) headers.Add(new("x-amz-content-sha256", payloadHash));

        var canonical = SigV4CanonicalRequest.Create(request.Method, AwsSigV4Signer.CanonicalUri(request.Path, s3: !vector.Normalize),
            AwsSigV4Signer.ParseQuery(request.Query), headers, payloadHash);
        var computed = AwsSigV4Signer.Compute(canonical, SigV4Suite.SecretAccessKey, SigV4Suite.AmzDate, SigV4Suite.Region, SigV4Suite.Service);

        Assert.Equal(SigV4Suite.Lf(vector.CanonicalRequest), canonical.ToString());
        Assert.Equal(SigV4Suite.Lf(vector.StringToSign), computed.StringToSign);
        Assert.Equal(vector.Signature, computed.Signature);
    }

    [Theory]
    [MemberData(nameof(HttpRequestMessageCases))]
    public void Sign_puts_the_suite_authorization_on_an_HttpRequestMessage(string name)
    {
        var vector = SigV4Suite.Find(name);
        var parsed = SuiteRequest.Parse(vector.Request);
        using var request = new HttpRequestMessage(new HttpMethod(parsed.Method), parsed.Url);
        foreach (var (header, value) in parsed.Headers.Where(h => h.Key != "Host"))
            Assert.True(request.Headers.TryAddWithoutValidation(header, value), header);

        var computed = AwsSigV4Signer.Sign(request, [], SigV4Suite.Credentials(vector.OmitSessionToken ? null : vector.SessionToken),
            SigV4Suite.Region, SigV4Suite.Service, SigV4Suite.Timestamp);

        Assert.Equal(SigV4Suite.Lf(vector.CanonicalRequest), computed.CanonicalRequest.ToString());
        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders={vector.SignedHeaders}, Signature={vector.Signature}",
            Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Equal(SigV4Suite.AmzDate, Assert.Single(request.Headers.GetValues("X-Amz-Date")));
        Assert.Equal(vector.SessionToken is not null && !vector.OmitSessionToken, request.Headers.Contains("X-Amz-Security-Token"));
    }

    [Fact]
    public void Signing_again_replaces_the_previous_date_and_authorization()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");
        AwsSigV4Signer.Sign(request, [], SigV4Suite.Credentials(), SigV4Suite.Region, SigV4Suite.Service, SigV4Suite.Timestamp.AddDays(1));
        AwsSigV4Signer.Sign(request, [], SigV4Suite.Credentials(), SigV4Suite.Region, SigV4Suite.Service, SigV4Suite.Timestamp);

        Assert.Equal(SigV4Suite.AmzDate, Assert.Single(request.Headers.GetValues("X-Amz-Date")));
        Assert.EndsWith("Signature=" + SigV4Suite.Find("get-vanilla").Signature, Assert.Single(request.Headers.GetValues("Authorization")));
    }
}
