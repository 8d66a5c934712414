using System.Text.Json;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>
/// The children's PIDs, as a console line (<c>PIDS postgres=123 aws=456 …</c>) and in <c>&lt;state&gt;/pids.json</c>,
/// so tests and tools can check that nothing is left behind.
/// </summary>
public static class PidFile
{
    public const string LinePrefix = "PIDS ";

    public static string Line(IEnumerable<RunningResource> running) =>
        LinePrefix + string.Join(' ', running.Select(r => $"{r.Resource.Name}={r.Pid}"));

    public static void Write(string stateDirectory, IEnumerable<RunningResource> running) =>
        File.WriteAllText(PathIn(stateDirectory),
            JsonSerializer.Serialize(running.ToDictionary(r => r.Resource.Name, r => r.Pid), new JsonSerializerOptions { WriteIndented = true }) + "\n");

    public static void Delete(string stateDirectory) => File.Delete(PathIn(stateDirectory));

    private static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, "pids.json");
}
