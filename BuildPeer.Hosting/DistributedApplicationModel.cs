namespace BuildPeer.Hosting;

/// <summary>The resources of the application, in the order they were added (the manifest's order).</summary>
public sealed class DistributedApplicationModel(IReadOnlyList<Resource> resources)
{
    public IReadOnlyList<Resource> Resources { get; } = resources;

    public Resource this[string name] =>
        Resources.SingleOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No resource named '{name}'.");
}
