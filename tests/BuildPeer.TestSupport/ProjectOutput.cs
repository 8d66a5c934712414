namespace BuildPeer.TestSupport;

/// <summary>Where a project's build output is: the same configuration and target framework as the running test or tool.</summary>
public static class ProjectOutput
{
    public static string AssemblyPath(string projectPath)
    {
        var (configuration, targetFramework) = CurrentBuild();
        var projectDirectory = Path.GetDirectoryName(projectPath)!;
        return Path.Combine(projectDirectory, "bin", configuration, targetFramework, Path.GetFileNameWithoutExtension(projectPath) + ".dll");
    }

    /// <summary>From <c>…/bin/Debug/net10.0/</c>; Debug and this runtime's framework when the AppHost runs from elsewhere.</summary>
    public static (string Configuration, string TargetFramework) CurrentBuild()
    {
        var frameworkDirectory = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configurationDirectory = frameworkDirectory.Parent;
        return configurationDirectory?.Parent?.Name == "bin"
            ? (configurationDirectory.Name, frameworkDirectory.Name)
            : ("Debug", $"net{Environment.Version.Major}.{Environment.Version.Minor}");
    }
}
