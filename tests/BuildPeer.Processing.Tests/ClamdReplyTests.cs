using BuildPeer.Processing.Tools;

namespace BuildPeer.Processing.Tests;

public sealed class ClamdReplyTests
{
    [Fact]
    public void Ok_is_clean()
    {
        var verdict = ClamdReply.ToVerdict("stream: OK", TimeSpan.FromMilliseconds(5));

        Assert.Equal(new ScanVerdict(false, null, TimeSpan.FromMilliseconds(5)), verdict);
    }

    [Fact]
    public void Found_names_the_signature()
    {
        var verdict = ClamdReply.ToVerdict("stream: Win.Test.EICAR_HDB-1 FOUND", TimeSpan.Zero);

        Assert.True(verdict.Infected);
        Assert.Equal("Win.Test.EICAR_HDB-1", verdict.Signature);
    }

    [Theory]
    [InlineData("INSTREAM size limit exceeded. ERROR")]
    [InlineData("stream: FOUND")]
    [InlineData("UNKNOWN COMMAND")]
    [InlineData("")]
    public void Errors_and_unknown_replies_are_never_clean(string reply)
    {
        Assert.Throws<ClamdScanException>(() => ClamdReply.ToVerdict(reply, TimeSpan.Zero));
    }
}
