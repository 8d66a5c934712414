using System.Text.Json;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>
/// Generated secrets of <c>run</c>, kept in <c>&lt;state&gt;/secrets.json</c> (mode 600) so that, for example, the
/// PostgreSQL password stays valid for the data folder initialized with it.
/// </summary>
public sealed class SecretStore(string path)
{
    private readonly Dictionary<string, string> _values = Load(path);

    public string Path { get; } = path;

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public void Set(string name, string value)
    {
        _values[name] = value;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllText(Path, JsonSerializer.Serialize(_values, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static Dictionary<string, string> Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [] : [];
}
