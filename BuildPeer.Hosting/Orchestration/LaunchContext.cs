using BuildPeer.Hosting.Local;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>Where a launcher puts its files and output, and the environment values it needs.</summary>
public sealed class LaunchContext(DistributedApplicationExecutionContext execution, string stateDirectory, ServiceLogEcho echo)
{
    public DistributedApplicationExecutionContext Execution { get; } = execution;
    public string StateDirectory { get; } = stateDirectory;
    public string LogsDirectory => Path.Combine(StateDirectory, "logs");

    public string LogPathFor(Resource resource) => Path.Combine(LogsDirectory, resource.Name + ".log");

    /// <summary>Own session (Ctrl+C reaches only the AppHost, which stops children in order) and the resource's log file.</summary>
    public LocalProcessOptions ProcessOptions(Resource resource, bool echoOutput = false) => new()
    {
        LogPath = LogPathFor(resource),
        OwnSession = true,
        OnOutputLine = echoOutput ? line => echo.Write(resource.Name, line) : null,
    };
}
