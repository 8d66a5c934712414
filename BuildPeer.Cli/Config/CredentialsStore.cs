using System.Text.Json;

namespace BuildPeer.Cli.Config;

public sealed class CredentialsStore(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = path;

    public Credentials? Load()
    {
        if (!File.Exists(Path)) return null;
        try { return JsonSerializer.Deserialize<Credentials>(File.ReadAllText(Path), Json); }
        catch (JsonException) { return null; }
    }

    /// <summary>Written readable by the owner only: the token acts for the user until it expires.</summary>
    public void Save(Credentials credentials)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temp = Path + ".tmp";
        File.WriteAllText(temp, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(temp, JsonSerializer.Serialize(credentials, Json));
        File.Move(temp, Path, overwrite: true);
    }
}
