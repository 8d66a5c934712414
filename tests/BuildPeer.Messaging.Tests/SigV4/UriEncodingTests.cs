using BuildPeer.TestSupport.SigV4;

namespace BuildPeer.Messaging.Tests.SigV4;

/// <summary>Encoding rules the suite does not reach (it covers unreserved, UTF-8, space and dot segments).</summary>
public class UriEncodingTests
{
    [Theory]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("a*b", "a%2Ab")]
    [InlineData("a b", "a%20b")]
    [InlineData("50%", "50%25")]
    [InlineData("x/y", "x%2Fy")]
    [InlineData("é", "%C3%A9")]
    public void Encodes_everything_but_unreserved_characters_in_upper_case_hex(string value, string expected) =>
        Assert.Equal(expected, AwsUriEncoding.Encode(value));

    [Fact]
    public void Keeps_slashes_in_paths_only_when_asked() =>
        Assert.Equal("/tenant-1/a%20b/original", AwsUriEncoding.Encode("/tenant-1/a b/original", keepSlash: true));

    [Theory]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("/a/b/.", "/a/b/")]
    [InlineData("/../a", "/a")]
    [InlineData("", "/")]
    public void Normalizes_dot_segments_like_RFC_3986(string path, string expected) =>
        Assert.Equal(expected, AwsUriEncoding.NormalizePath(path));

    [Fact]
    public void An_already_encoded_path_is_encoded_again_except_for_S3()
    {
        Assert.Equal("/a%2520b", SigV4Verifier.CanonicalUri("/a%20b", s3: false));
        Assert.Equal("/a%20b", SigV4Verifier.CanonicalUri("/a%20b", s3: true));
    }
}
