namespace BuildPeer.Hosting;

/// <summary>
/// Base of every resource: its name, what it refers to and waits for (which also decides what <c>run</c>
/// starts and in which order), its endpoints and environment, and whether it belongs in the manifest.
/// </summary>
public abstract class Resource(string name) : IResource
{
    public string Name { get; } = name;

    /// <summary>Resources this one's configuration points at (WithReference, a database's server).</summary>
    public List<IResource> References { get; } = [];

    /// <summary>Resources that must be ready before this one starts (WaitFor).</summary>
    public List<IResource> WaitsFor { get; } = [];

    public List<Endpoint> Endpoints { get; } = [];

    public List<Action<EnvironmentCallbackContext>> EnvironmentCallbacks { get; } = [];

    /// <summary>Run-only resources (local emulators) are left out of the manifest, as Aspire's ExcludeFromManifest does.</summary>
    public bool ExcludedFromManifest { get; set; }

    /// <summary>Set in run mode when the AppHost's environment already provides this resource; it is then not started.</summary>
    public ExistingResource? Existing { get; set; }

    public Endpoint GetEndpoint(string name) =>
        Endpoints.SingleOrDefault(e => e.Name == name) ?? throw new InvalidOperationException($"{Name} has no endpoint named '{name}'.");

    public override string ToString() => Name;
}
