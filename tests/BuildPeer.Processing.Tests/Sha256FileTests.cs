using System.Security.Cryptography;
using BuildPeer.Processing.Tools;
using BuildPeer.TestSupport;

namespace BuildPeer.Processing.Tests;

public sealed class Sha256FileTests : IDisposable
{
    private readonly TemporaryDirectory _files = new("sha256");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3 * 1024 * 1024 + 17)]
    public async Task Copy_is_identical_and_hash_matches_the_framework(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        var copy = _files.File($"copy-{length}");

        var (hex, copied) = await Sha256File.CopyAndHashAsync(new MemoryStream(bytes), copy);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), hex);
        Assert.Equal(length, copied);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(copy));
    }

    [Fact]
    public async Task Empty_input_has_the_well_known_digest()
    {
        var (hex, length) = await Sha256File.CopyAndHashAsync(Stream.Null, _files.File("empty"));

        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex);
        Assert.Equal(0, length);
    }

    public void Dispose() => _files.Dispose();
}
