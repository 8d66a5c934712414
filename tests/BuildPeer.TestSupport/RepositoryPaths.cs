namespace BuildPeer.TestSupport;

public static class RepositoryPaths
{
    /// <summary>The repository root: the first folder above the running assembly that holds BuildPeer.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Ignored folder for local state (database files, logs, emulator config).</summary>
    public static string StateDirectory => Path.Combine(Root, ".state");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "BuildPeer.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException("BuildPeer.sln not found above " + AppContext.BaseDirectory);
    }
}
