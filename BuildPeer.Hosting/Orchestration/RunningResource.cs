using BuildPeer.Hosting.Local;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>A started resource: its process, where it listens, and how to stop it (the launcher's own stop).</summary>
public sealed class RunningResource(Resource resource, LocalProcess process, string endpoint, IAsyncDisposable handle, string? healthUrl = null)
{
    public Resource Resource { get; } = resource;
    public LocalProcess Process { get; } = process;
    public string Endpoint { get; } = endpoint;

    /// <summary>The service's /health, for projects.</summary>
    public string? HealthUrl { get; } = healthUrl;

    public int Pid => Process.Pid;

    public ValueTask StopAsync() => handle.DisposeAsync();
}
