namespace BuildPeer.Hosting;

/// <summary>Collects the resources (<c>builder.AddPostgres(…)</c>, <c>builder.AddProject(…)</c>) and builds the application.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];
    private readonly List<Func<string>> _runNotes = [];

    internal DistributedApplicationBuilder(AppHostOptions options, IReadOnlyDictionary<string, string> environmentVariables) =>
        ExecutionContext = new DistributedApplicationExecutionContext(options, environmentVariables);

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    /// <summary>Text printed under the status table once everything runs (how to log in, what to try).</summary>
    public DistributedApplicationBuilder AddRunNote(Func<string> note)
    {
        _runNotes.Add(note);
        return this;
    }

    public DistributedApplication Build() => new(new DistributedApplicationModel(_resources.ToList()), ExecutionContext, _runNotes.ToList());
}
