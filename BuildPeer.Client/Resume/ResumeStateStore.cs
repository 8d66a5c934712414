using System.Text.Json;

namespace BuildPeer.Client.Resume;

/// <summary>One small JSON file per upload in a folder; written to a temporary file and renamed, so a kill never leaves half a file.</summary>
public sealed class ResumeStateStore(string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Directory { get; } = directory;

    public string PathFor(string key) => System.IO.Path.Combine(Directory, key + ".json");

    public ResumeState? Load(string key)
    {
        var path = PathFor(key);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<ResumeState>(File.ReadAllText(path), Json); }
        catch (JsonException) { return null; } // unreadable: start over rather than fail
    }

    public void Save(string key, ResumeState state)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = PathFor(key) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(state, Json));
        File.Move(temp, PathFor(key), overwrite: true);
    }

    public void Delete(string key) => File.Delete(PathFor(key));

    /// <summary>Removes state files not touched for <paramref name="age"/> (their uploads have long expired).</summary>
    public int Prune(TimeSpan age, DateTime nowUtc)
    {
        if (!System.IO.Directory.Exists(Directory)) return 0;
        var removed = 0;
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*.json"))
        {
            if (nowUtc - file.LastWriteTimeUtc <= age) continue;
            file.Delete();
            removed++;
        }
        return removed;
    }
}
