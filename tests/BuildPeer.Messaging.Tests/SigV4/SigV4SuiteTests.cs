using System.Text;
using BuildPeer.TestSupport.SigV4;
using BuildPeer.Messaging.Tests.SigV4.Vectors;

namespace BuildPeer.Messaging.Tests.SigV4;

/// <summary>The verifier's canonical request, string to sign and signature against every case of AWS's SigV4 test suite (see Vectors/).</summary>
public class SigV4SuiteTests
{
    public static TheoryData<string> AllCases => new(SigV4Suite.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Canonical_request_string_to_sign_and_signature_match_the_suite(string name)
    {
        var vector = SigV4Suite.Find(name);
        var request = SuiteRequest.Parse(vector.Request);
        var payloadHash = SigV4Verifier.Sha256Hex(Encoding.UTF8.GetBytes(request.Body));
        var headers = request.Headers.ToList();
        headers.Add(new("X-Amz-Date", SigV4Suite.AmzDate));
        if (vector.SessionToken is not null && !vector.OmitSessionToken) headers.Add(new("X-Amz-Security-Token", vector.SessionToken));
        if (vector.SignBody) headers.Add(new("x-amz-content-sha256", payloadHash));

        var canonical = SigV4CanonicalRequest.Create(request.Method, SigV4Verifier.CanonicalUri(request.Path, s3: !vector.Normalize),
            SigV4Verifier.ParseQuery(request.Query), headers, payloadHash);
        var computed = SigV4Verifier.Compute(canonical, SigV4Suite.SecretAccessKey, SigV4Suite.AmzDate, SigV4Suite.Region, SigV4Suite.Service);

        Assert.Equal(SigV4Suite.Lf(vector.CanonicalRequest), canonical.ToString());
        Assert.Equal(SigV4Suite.Lf(vector.StringToSign), computed.StringToSign);
        Assert.Equal(vector.Signature, computed.Signature);
    }
}
