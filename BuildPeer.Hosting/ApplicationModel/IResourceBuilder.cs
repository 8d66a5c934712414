namespace BuildPeer.Hosting;

/// <summary>What the <c>Add…</c> and <c>With…</c> methods return: the resource and the builder it belongs to.</summary>
public interface IResourceBuilder<out T> where T : IResource
{
    T Resource { get; }
    DistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed class ResourceBuilder<T>(T resource, DistributedApplicationBuilder applicationBuilder) : IResourceBuilder<T> where T : IResource
{
    public T Resource { get; } = resource;
    public DistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;
}
