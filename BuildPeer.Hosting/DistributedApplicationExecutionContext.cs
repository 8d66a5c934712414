namespace BuildPeer.Hosting;

public enum DistributedApplicationOperation { Run, Publish }

/// <summary>What this invocation of the AppHost does, with its options and the environment it was started with.</summary>
public sealed class DistributedApplicationExecutionContext(AppHostOptions options, IReadOnlyDictionary<string, string> environmentVariables)
{
    public AppHostOptions Options { get; } = options;
    public DistributedApplicationOperation Operation => Options.Operation;
    public bool IsRunMode => Operation == DistributedApplicationOperation.Run;
    public bool IsPublishMode => Operation == DistributedApplicationOperation.Publish;

    /// <summary>The AppHost's own environment, where run mode looks for existing resources and parameter values.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; } = environmentVariables;

    public string? GetEnvironmentVariable(string name) =>
        EnvironmentVariables.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
