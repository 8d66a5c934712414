using BuildPeer.TestSupport.SigV4;

namespace BuildPeer.Messaging.Tests.SigV4.Vectors;

/// <summary>The fixed inputs of AWS's SigV4 test suite and lookup of its cases by name.</summary>
internal static partial class SigV4Suite
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";
    public const string Service = "service";
    public const string AmzDate = "20150830T123600Z";
    public static readonly DateTime Timestamp = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    public static SigV4Credentials Credentials(string? sessionToken = null) => new(AccessKeyId, SecretAccessKey, sessionToken);

    public static IEnumerable<SigV4SuiteCase> All => Get.Concat(Paths).Concat(Post);

    public static SigV4SuiteCase Find(string name) => All.Single(c => c.Name == name);

    public static SigV4SuitePresignedCase FindPresigned(string name) => Presigned.Single(c => c.Name == name);

    /// <summary>Raw string literals take the source file's line endings; the suite's texts use '\n'.</summary>
    public static string Lf(string text) => text.Replace("\r\n", "\n");
}

/// <summary>One case of the suite, header-signed: the request, then the three published stages.</summary>
/// <param name="Normalize">False for the S3-style cases: the path is signed as is.</param>
/// <param name="SignBody">The case also sends and signs x-amz-content-sha256.</param>
/// <param name="OmitSessionToken">The token is added after signing, so it is not a signed header.</param>
internal sealed record SigV4SuiteCase(
    string Name, string Request, bool Normalize, bool SignBody, string? SessionToken, bool OmitSessionToken,
    string CanonicalRequest, string StringToSign, string Signature)
{
    public string SignedHeaders => SigV4Suite.Lf(CanonicalRequest).Split('\n')[^2];
}

/// <summary>One query-string ("presigned") case: the signed request line and the three published stages.</summary>
internal sealed record SigV4SuitePresignedCase(
    string Name, string SignedRequest, bool SignBody, string? SessionToken,
    string CanonicalRequest, string StringToSign, string Signature)
{
    public SuiteRequest Request => SuiteRequest.Parse(SignedRequest);
}
