using BuildPeer.Client.Resume;

namespace BuildPeer.Client.Tests;

public sealed class ResumeStateTests
{
    private static ResumeState Sample() => new()
    {
        ApiUrl = "http://127.0.0.1:5080/", ProjectId = Guid.NewGuid(), Path = "/obra/plano.pdf", Size = 100_000_000,
        LastWriteUtc = new DateTime(2026, 3, 14, 9, 0, 0, DateTimeKind.Utc), UploadId = Guid.NewGuid(), PartSize = 8 * 1024 * 1024,
        PartCount = 12, Sha256 = new string('a', 64), ConfirmedParts = new() { [1] = new string('b', 64), [3] = new string('c', 64) },
    };

    [Fact]
    public void A_saved_state_loads_back_equal_and_leaves_no_temporary_file()
    {
        using var dir = new TempFolder();
        var store = new ResumeStateStore(dir.Path);
        var state = Sample();

        store.Save("k1", state);
        var loaded = store.Load("k1")!;

        Assert.Equal(state.UploadId, loaded.UploadId);
        Assert.Equal(state.Sha256, loaded.Sha256);
        Assert.Equal(state.ConfirmedParts, loaded.ConfirmedParts);
        Assert.Equal(state.LastWriteUtc, loaded.LastWriteUtc);
        Assert.True(loaded.Matches(state.ApiUrl, state.ProjectId, state.Path, state.Size, state.LastWriteUtc));
        Assert.Equal(["k1.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_state_for_another_project_size_or_time_does_not_match()
    {
        var s = Sample();
        Assert.False(s.Matches(s.ApiUrl, Guid.NewGuid(), s.Path, s.Size, s.LastWriteUtc));
        Assert.False(s.Matches(s.ApiUrl, s.ProjectId, s.Path, s.Size + 1, s.LastWriteUtc));
        Assert.False(s.Matches(s.ApiUrl, s.ProjectId, s.Path, s.Size, s.LastWriteUtc.AddSeconds(1)));
        Assert.False(s.Matches("http://other/", s.ProjectId, s.Path, s.Size, s.LastWriteUtc));
    }

    [Fact]
    public void A_corrupt_or_missing_state_file_reads_as_none()
    {
        using var dir = new TempFolder();
        var store = new ResumeStateStore(dir.Path);
        File.WriteAllText(store.PathFor("bad"), "{ not json");
        Assert.Null(store.Load("bad"));
        Assert.Null(store.Load("missing"));
    }

    [Fact]
    public void The_key_changes_with_path_size_and_modification_time()
    {
        var t = new DateTime(2026, 3, 14, 9, 0, 0, DateTimeKind.Utc);
        var key = ResumeKey.For("/obra/plano.pdf", 10, t);
        Assert.Equal(32, key.Length);
        Assert.Equal(key, ResumeKey.For("/obra/plano.pdf", 10, t));
        Assert.NotEqual(key, ResumeKey.For("/obra/plano2.pdf", 10, t));
        Assert.NotEqual(key, ResumeKey.For("/obra/plano.pdf", 11, t));
        Assert.NotEqual(key, ResumeKey.For("/obra/plano.pdf", 10, t.AddTicks(1)));
    }

    [Fact]
    public void Pruning_removes_only_old_state_files()
    {
        using var dir = new TempFolder();
        var store = new ResumeStateStore(dir.Path);
        store.Save("old", Sample());
        store.Save("new", Sample());
        File.SetLastWriteTimeUtc(store.PathFor("old"), DateTime.UtcNow.AddDays(-40));

        Assert.Equal(1, store.Prune(TimeSpan.FromDays(30), DateTime.UtcNow));
        Assert.Null(store.Load("old"));
        Assert.NotNull(store.Load("new"));
    }

    [Fact]
    public void The_tracker_saves_every_confirmed_part()
    {
        using var dir = new TempFolder();
        var store = new ResumeStateStore(dir.Path);
        var tracker = new ResumeTracker(store, "t", Sample() with { ConfirmedParts = [] });

        Parallel.For(1, 13, n => tracker.PartConfirmed(n, new string((char)('a' + n % 6), 64)));

        Assert.Equal(Enumerable.Range(1, 12), store.Load("t")!.ConfirmedParts.Keys.Order());
    }
}
