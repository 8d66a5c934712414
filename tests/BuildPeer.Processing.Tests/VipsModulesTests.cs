using BuildPeer.Processing.Tools;
using BuildPeer.TestSupport;

namespace BuildPeer.Processing.Tests;

public sealed class VipsModulesTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("vips-modules");

    [Fact]
    public async Task Only_the_allowed_modules_load_and_a_heic_photo_still_gets_its_thumbnail()
    {
        var environment = await VipsModules.PrepareAsync(Path.Combine(_folder.Path, "home"), ["heif"]);

        Assert.NotNull(environment); // Debian's libvips 8.14 ships its loaders as modules
        var loaders = (await ExternalTool.RunAsync("vips", ["-l", "foreign"], TimeSpan.FromSeconds(30), environment: environment)).Stdout;
        Assert.Contains("heifload", loaders);
        Assert.Contains("jpegload", loaders);
        Assert.DoesNotContain("magickload", loaders); // ImageMagick's loaders are out of reach
        Assert.DoesNotContain("pdfload", loaders);
        Assert.Contains("magickload", (await ExternalTool.RunAsync("vips", ["-l", "foreign"], TimeSpan.FromSeconds(30))).Stdout);

        var renditions = new ImageRenditions(environment: environment);
        var heic = await SampleFiles.PhotoWithGpsAsync(_folder.Path, 1600, 1200, "heic");
        var thumbnail = Path.Combine(_folder.Path, "thumb.jpg");
        var info = await renditions.CreateJpegThumbnailAsync(heic, thumbnail, 200);
        Assert.Equal((200, 150), (info.Width, info.Height));
        Assert.Equal(new ImageDimensions(1600, 1200), await renditions.ReadDimensionsAsync(heic));
    }

    [Fact]
    public async Task Preparing_twice_in_the_same_folder_is_fine()
    {
        var home = Path.Combine(_folder.Path, "shared");
        Assert.NotNull(await VipsModules.PrepareAsync(home, ["heif"]));
        Assert.NotNull(await VipsModules.PrepareAsync(home, ["heif"]));
    }

    public void Dispose() => _folder.Dispose();
}
