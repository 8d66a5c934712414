// Verbatim from AWS's Signature Version 4 test suite as kept by AWS in awslabs/aws-c-auth
// (tests/aws-signing-test-suite/v4/<case>/, commit 495329c2433034bd8fd53fc6ba9e0202d3fac876, Apache-2.0).
// Every case: AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, us-east-1, service "service", 2015-08-30T12:36:00Z.

namespace BuildPeer.Messaging.Tests.SigV4.Vectors;

internal static partial class SigV4Suite
{
    public static readonly IReadOnlyList<SigV4SuiteCase> Paths =
    [
        new(
            Name: "get-space-normalized",
            Request: """
            GET /example space/ HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /example%20space/

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86
            """,
            Signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
        new(
            Name: "get-space-unnormalized",
            Request: """
            GET /example space/ HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: false, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /example%20space/

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86
            """,
            Signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
        new(
            Name: "get-slash-normalized",
            Request: """
            GET // HTTP/1.1
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
            Name: "get-slash-unnormalized",
            Request: """
            GET // HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: false, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            //

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            80cb39203d058af815de2b79250ff56e1b73eb9b4718c86556cdc6f150c5d209
            """,
            Signature: "c88bcd3d312d75078c0cd961d6deae3f4c754924b01669efcfcb439fd5e5b76e"),
        new(
            Name: "get-slashes-normalized",
            Request: """
            GET //example// HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /example/

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015
            """,
            Signature: "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
        new(
            Name: "get-slashes-unnormalized",
            Request: """
            GET //example// HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: false, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            //example//

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            528ec3105ee1f34ab014bb0a1a45da0ed2742a4fea3555149e5b4d5d201eb240
            """,
            Signature: "87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7e5"),
        new(
            Name: "get-slash-dot-slash-normalized",
            Request: """
            GET /./ HTTP/1.1
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
            Name: "get-slash-dot-slash-unnormalized",
            Request: """
            GET /./ HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: false, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /./

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            d67825e2268bd77a97c7688b8d72c31a3c1855b309808505ba0a9747d2465aa7
            """,
            Signature: "68714168e6557f8f2de0ef956fc24dc2593a4bd2961f8df51898d8a134695145"),
        new(
            Name: "get-slash-pointless-dot-normalized",
            Request: """
            GET /./example HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: true, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /example

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702
            """,
            Signature: "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"),
        new(
            Name: "get-slash-pointless-dot-unnormalized",
            Request: """
            GET /./example HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: false, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /./example

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            73895e0e829507e28e39fd24669aedc2434a8e179e547e3c075b42921f952cdb
            """,
            Signature: "beb03f223f7deae4146464f06e29eebbee9c8afbe15c290cf07aa8b119e14cff"),
        new(
            Name: "get-relative-normalized",
            Request: """
            GET /example/.. HTTP/1.1
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
            Name: "get-relative-unnormalized",
            Request: """
            GET /example/.. HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: false, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /example/..

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            0511f456aa502b456d135fcb9d749374a55228f9dbeedda1eacf659e05b0615b
            """,
            Signature: "eca7ead57bb5aa5c8e28007acd4ff04e1ff9a0ff3b237ec1554a184887ff9282"),
        new(
            Name: "get-relative-relative-normalized",
            Request: """
            GET /example1/example2/../.. HTTP/1.1
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
            Name: "get-relative-relative-unnormalized",
            Request: """
            GET /example1/example2/../.. HTTP/1.1
            Host:example.amazonaws.com
            """,
            Normalize: false, SignBody: false,
            SessionToken: null,
            OmitSessionToken: false,
            CanonicalRequest: """
            GET
            /example1/example2/../..

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            StringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            76115030c0f3ff06c20fdff5ceb6d5e0b835a1743e00b94fea7c7f381269437b
            """,
            Signature: "dc33e0856fd4baca4d7aa2146c38958283844764f38c74252a333df5e613003b"),
    ];
}
