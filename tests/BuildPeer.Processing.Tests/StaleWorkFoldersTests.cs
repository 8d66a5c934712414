using BuildPeer.Processing.Extraction;
using BuildPeer.TestSupport;

namespace BuildPeer.Processing.Tests;

public sealed class StaleWorkFoldersTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("stale-work");

    [Fact]
    public void Folders_older_than_an_hour_go_and_younger_ones_and_others_stay()
    {
        var now = DateTime.UtcNow;
        var old = Folder(StaleWorkFolders.Prefix + "old", now.AddHours(-2), withFile: true);
        var young = Folder(StaleWorkFolders.Prefix + "young", now.AddMinutes(-10));
        var other = Folder("something-else", now.AddDays(-3));

        Assert.Equal(1, StaleWorkFolders.Remove(_temp.Path, now));

        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(young)); // another instance on this host may be working in it
        Assert.True(Directory.Exists(other));
    }

    private string Folder(string name, DateTime lastWriteUtc, bool withFile = false)
    {
        var path = Path.Combine(_temp.Path, name);
        Directory.CreateDirectory(path);
        if (withFile) File.WriteAllText(Path.Combine(path, "original"), "x");
        Directory.SetLastWriteTimeUtc(path, lastWriteUtc);
        return path;
    }

    public void Dispose() => _temp.Dispose();
}
