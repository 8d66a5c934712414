using BuildPeer.TestSupport;
using BuildPeer.Processing.Tools;
using Xunit.Abstractions;

namespace BuildPeer.Processing.Tests;

public sealed class ClamdClientTests(ClamdFixture clamd, ITestOutputHelper output) : IClassFixture<ClamdFixture>, IDisposable
{
    private readonly TemporaryDirectory _files = new("clamd-samples");

    [Fact]
    public async Task Ping_answers_pong()
    {
        Assert.True(await clamd.Client.PingAsync());
        output.WriteLine($"clamd ready in {clamd.StartupTime.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Clean_photo_is_not_infected()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path);
        await using var content = File.OpenRead(photo);

        var verdict = await clamd.Client.ScanAsync(content);

        Assert.False(verdict.Infected);
        Assert.Null(verdict.Signature);
        Assert.True(verdict.Elapsed > TimeSpan.Zero);
        output.WriteLine($"INSTREAM {new FileInfo(photo).Length} bytes: {verdict.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Eicar_is_infected_with_the_local_signature()
    {
        var verdict = await clamd.Client.ScanAsync(new MemoryStream(SampleFiles.Eicar));

        Assert.True(verdict.Infected);
        // clamd marks signatures from a non-official database file with ".UNOFFICIAL".
        Assert.Equal("Local.Test.EICAR.NDB.UNOFFICIAL", verdict.Signature);
    }

    [Fact]
    public async Task Eicar_after_a_chunk_boundary_is_still_found()
    {
        // The test string starts 10 bytes before the end of the first 64 KiB chunk and runs into the second.
        var padding = Enumerable.Repeat((byte)'.', ClamdClient.ChunkSize - 10).ToArray();
        var verdict = await clamd.Client.ScanAsync(new MemoryStream([.. padding, .. SampleFiles.Eicar, .. padding]));

        Assert.True(verdict.Infected);
        Assert.Equal("Local.Test.EICAR.NDB.UNOFFICIAL", verdict.Signature);
    }

    [Fact]
    public async Task ClamAV_test_file_inside_a_zip_is_infected()
    {
        Assert.True(File.Exists(SampleFiles.ClamAvTestZip), "Debian package clamav-testfiles is not installed");
        await using var content = File.OpenRead(SampleFiles.ClamAvTestZip);

        var verdict = await clamd.Client.ScanAsync(content);

        Assert.True(verdict.Infected);
        Assert.Equal("ClamAV-Test-File.UNOFFICIAL", verdict.Signature);
    }

    [Fact]
    public async Task Stream_over_clamd_limit_is_a_scan_error_not_a_verdict()
    {
        // ClamdServer sets StreamMaxLength 110M; clamd answers "INSTREAM size limit exceeded. ERROR".
        await using var content = new ZeroStream(111L * 1024 * 1024);

        var error = await Assert.ThrowsAsync<ClamdScanException>(() => clamd.Client.ScanAsync(content));

        Assert.Contains("size limit exceeded", error.Reply);
    }

    [Fact]
    public async Task Nothing_listening_is_unavailable()
    {
        var client = new ClamdClient("127.0.0.1", FreePort.Next());

        await Assert.ThrowsAsync<ClamdUnavailableException>(() => client.ScanAsync(new MemoryStream(SampleFiles.Eicar)));
        await Assert.ThrowsAsync<ClamdUnavailableException>(() => client.PingAsync());
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:3310", "127.0.0.1", 3310)]
    [InlineData(" tcp://clamav.internal:3311 ", "clamav.internal", 3311)]
    [InlineData("tcp://[::1]:3312", "::1", 3312)]
    public void Parse_reads_host_and_port(string connectionString, string host, int port)
    {
        var client = ClamdClient.Parse(connectionString);

        Assert.Equal(host, client.Host);
        Assert.Equal(port, client.Port);
    }

    [Theory]
    [InlineData("127.0.0.1:3310")]
    [InlineData("http://127.0.0.1:3310")]
    [InlineData("tcp://127.0.0.1")]
    [InlineData("unix:///run/clamav/clamd.ctl")]
    public void Parse_rejects_anything_but_a_tcp_address(string connectionString)
    {
        Assert.Throws<FormatException>(() => ClamdClient.Parse(connectionString));
    }

    public void Dispose() => _files.Dispose();
}
