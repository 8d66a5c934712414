using BuildPeer.Client.Transfers;

namespace BuildPeer.Client.Tests;

public sealed class TransferPartsTests
{
    [Fact]
    public async Task Part_buffers_never_exceed_the_parallelism()
    {
        using var buffers = new PartBuffers(2, 1024);
        var a = await buffers.RentAsync(CancellationToken.None);
        var b = await buffers.RentAsync(CancellationToken.None);
        var third = buffers.RentAsync(CancellationToken.None);

        Assert.False(third.IsCompleted);
        buffers.Return(a);
        Assert.Same(a, await third);
        buffers.Return(b);
        Assert.Same(b, await buffers.RentAsync(CancellationToken.None));
        Assert.Equal(2, buffers.Allocated);
    }

    [Fact]
    public async Task Progress_content_reports_every_byte_it_writes_and_its_length()
    {
        var body = new byte[200_000];
        new Random(1).NextBytes(body);
        long reported = 0;
        var content = new ProgressContent(body, d => reported += d);
        using var sink = new MemoryStream();

        await content.CopyToAsync(sink);

        Assert.Equal(body.Length, reported);
        Assert.Equal(body, sink.ToArray());
        Assert.Equal(body.Length, content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("127.0.0.1:4566", "127.0.0.1", 4566)]
    [InlineData("localhost:80", "localhost", 80)]
    public void Storage_connect_endpoints_parse(string text, string host, int port)
    {
        var endpoint = StorageHttp.ParseEndPoint(text);
        Assert.Equal((host, port), (endpoint.Host, endpoint.Port));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("host:99999")]
    public void Bad_storage_connect_endpoints_are_refused(string text) => Assert.Throws<FormatException>(() => StorageHttp.ParseEndPoint(text));
}
