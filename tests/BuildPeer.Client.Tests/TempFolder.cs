namespace BuildPeer.Client.Tests;

public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("buildpeer-client-tests-").FullName;

    public string Write(string relative, int bytes = 10)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, new byte[bytes]);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
