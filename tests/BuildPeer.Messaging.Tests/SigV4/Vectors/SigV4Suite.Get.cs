// Verbatim from AWS's Signature Version 4 test suite as kept by AWS in awslabs/aws-c-auth
// (tests/aws-signing-test-suite/v4/<case>/, commit 495329c2433034bd8fd53fc6ba9e0202d3fac876, Apache-2.0).
// Every case: AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, us-east-1, service "service", 2015-08-30T12:36:00Z.

namespace BuildPeer.Messaging.Tests.SigV4.Vectors;

internal static partial class SigV4Suite
{
    public static readonly IReadOnlyList<SigV4SuiteCase> Get =
    [
        new(
            Name: "get-vanilla",
            Request: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """,
            Signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new(
            Name: "get-vanilla-query",
            Request: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """,
            Signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new(
            Name: "get-vanilla-empty-query-key",
            Request: """
            GET /?Param1=value1 HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /
            Param1=value1
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab
            """,
            Signature: "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
        new(
            Name: "get-vanilla-query-order-key-case",
            Request: """
            GET /?Param2=value2&Param1=value1 HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /
            Param1=value1&Param2=value2
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0
            """,
            Signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        new(
            Name: "get-vanilla-query-order-encoded",
            Request: """
            GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1 HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /
            %E1%88%B4=Value1&Param=Value2&Param-3=Value3
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            868294f5c38bd141c4972a373a76654f1418a8e4fc18b2e7903ae45e8ae0ec71
            """,
            Signature: "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac"),
        new(
            Name: "get-vanilla-query-unreserved",
            Request: """
            GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /
            -._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177
            """,
            Signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        new(
            Name: "get-vanilla-utf8-query",
            Request: """
            GET /?ሴ=bar HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /
            %E1%88%B4=bar
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073
            """,
            Signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        new(
            Name: "get-vanilla-with-session-token",
            Request: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z
            x-amz-security-token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267

            host;x-amz-date;x-amz-security-token
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b
            """,
            Signature: "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"),
        new(
            Name: "get-unreserved",
            Request: """
            GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9
            """,
            Signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        new(
            Name: "get-utf8",
            Request: """
            GET /ሴ HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /%E1%88%B4

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102
            """,
            Signature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
        new(
            Name: "get-header-key-duplicate",
            Request: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1:value2
            My-Header1:value2
            My-Header1:value1
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            my-header1:value2,value2,value1
            x-amz-date:20150830T123600Z

            host;my-header1;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c
            """,
            Signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
        new(
            Name: "get-header-value-order",
            Request: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1:value4
            My-Header1:value1
            My-Header1:value3
            My-Header1:value2
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            my-header1:value4,value1,value3,value2
            x-amz-date:20150830T123600Z

            host;my-header1;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86
            """,
            Signature: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
        new(
            Name: "get-header-value-trim",
            Request: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1: value1
            My-Header2: "a   b   c"
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            my-header1:value1
            my-header2:"a b c"
            x-amz-date:20150830T123600Z

            host;my-header1;my-header2;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7
            """,
            Signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        new(
            Name: "get-header-value-multiline",
            Request: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1:value1
              value2
                 value3
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            my-header1:value1 value2 value3
            x-amz-date:20150830T123600Z

            host;my-header1;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            e99419459a677bc11de234014be3c4e72c1ea5b454ceb58b613061f5d7a162e8
            """,
            Signature: "cfd34249e4b1c8d6b91ef74165d41a32e5fab3306300901bb65a51a73575eefd"),
    ];
}
