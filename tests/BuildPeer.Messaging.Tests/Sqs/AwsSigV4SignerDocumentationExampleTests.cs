using System.Text;
using BuildPeer.Messaging.Sqs;
using BuildPeer.Messaging.Tests.Sqs.Vectors;

namespace BuildPeer.Messaging.Tests.Sqs;

/// <summary>Published vectors outside the aws-c-auth copy of the suite.</summary>
public class AwsSigV4SignerDocumentationExampleTests
{
    /// <summary>
    /// The worked example of AWS's "Signature Version 4 signing process" documentation (IAM ListUsers):
    /// canonical request hash f536975d…, signature 5d672d79….
    /// </summary>
    [Fact]
    public void Iam_ListUsers_example_from_the_AWS_documentation()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08")
        {
            Content = new ByteArrayContent([]),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");

        var computed = AwsSigV4Signer.Sign(request, [], SigV4Suite.Credentials(), "us-east-1", "iam", SigV4Suite.Timestamp);

        Assert.Equal(
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n" +
            "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n" +
            "content-type;host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            computed.CanonicalRequest.ToString());
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59",
            computed.StringToSign);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, " +
            "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            Assert.Single(request.Headers.GetValues("Authorization")));
    }

    /// <summary>
    /// post-x-www-form-urlencoded as AWS first published the suite (2015; kept in @aws-sdk/signature-v4's
    /// suite.fixture): Content-Length and the body hash header are not signed, which is exactly how
    /// <see cref="AwsSigV4Signer.Sign"/> treats a form POST sent through HttpClient.
    /// </summary>
    [Fact]
    public void Original_suite_form_post_signs_content_type_and_the_body_hash()
    {
        var body = Encoding.UTF8.GetBytes("Param1=value1");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");

        var computed = AwsSigV4Signer.Sign(request, body, SigV4Suite.Credentials(), SigV4Suite.Region, SigV4Suite.Service, SigV4Suite.Timestamp);

        Assert.Equal(
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n" +
            "content-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            computed.CanonicalRequest.ToString());
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
            computed.StringToSign);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, " +
            "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
            Assert.Single(request.Headers.GetValues("Authorization")));
    }
}
