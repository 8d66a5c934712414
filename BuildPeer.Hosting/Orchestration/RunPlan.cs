namespace BuildPeer.Hosting.Orchestration;

/// <summary>
/// What <c>run</c> starts: every project, and the servers they refer to or wait for, except those the environment
/// already provides (<see cref="Resource.Existing"/>) and whatever only those needed. Also the order: a resource
/// starts after what it waits for is ready, and stops after everything that depends on it has stopped.
/// </summary>
public sealed class RunPlan
{
    private RunPlan(IReadOnlyList<Resource> toStart, IReadOnlyList<Resource> existing, IReadOnlyList<Resource> unused)
    {
        ToStart = toStart;
        Existing = existing;
        Unused = unused;
    }

    /// <summary>In model order, which is also a valid start order for resources without waits.</summary>
    public IReadOnlyList<Resource> ToStart { get; }

    /// <summary>Resources in use that the environment provides.</summary>
    public IReadOnlyList<Resource> Existing { get; }

    /// <summary>Startable resources nothing needs in this run (e.g. postgres when the database is existing).</summary>
    public IReadOnlyList<Resource> Unused { get; }

    public static bool IsStartable(Resource resource) =>
        resource is PostgresServerResource or FauxqsResource or ClamdResource or ProjectResource;

    public static RunPlan Create(DistributedApplicationModel model)
    {
        var needed = new HashSet<Resource>();
        var existing = new HashSet<Resource>();

        void Visit(Resource resource)
        {
            if (resource.Existing is not null) { existing.Add(resource); return; }
            if (IsStartable(resource) && !needed.Add(resource)) return;
            foreach (var dependency in resource.References.Concat(resource.WaitsFor).OfType<Resource>()) Visit(dependency);
        }

        foreach (var project in model.Resources.OfType<ProjectResource>()) Visit(project);
        return new RunPlan(
            model.Resources.Where(needed.Contains).ToList(),
            model.Resources.Where(existing.Contains).ToList(),
            model.Resources.Where(r => IsStartable(r) && r.Existing is null && !needed.Contains(r)).ToList());
    }

    /// <summary>The started resources <paramref name="resource"/> waits for before it starts.</summary>
    public IReadOnlyList<Resource> StartAfter(Resource resource) =>
        resource.WaitsFor.OfType<Resource>().SelectMany(StartedBehind).Distinct().ToList();

    /// <summary>The started resources <paramref name="resource"/> uses; it is stopped before them.</summary>
    public IReadOnlyList<Resource> DependenciesOf(Resource resource) =>
        resource.References.Concat(resource.WaitsFor).OfType<Resource>().SelectMany(StartedBehind).Distinct().ToList();

    /// <summary><see cref="ToStart"/> ordered so that every resource comes after what it waits for.</summary>
    public IReadOnlyList<Resource> StartOrder()
    {
        var ordered = new List<Resource>();
        void Add(Resource resource, int depth)
        {
            if (depth > ToStart.Count) throw new InvalidOperationException($"{resource.Name} waits for itself (a WaitFor cycle).");
            if (ordered.Contains(resource)) return;
            foreach (var dependency in DependenciesOf(resource)) Add(dependency, depth + 1);
            ordered.Add(resource);
        }
        foreach (var resource in ToStart) Add(resource, 0);
        return ordered;
    }

    // A database is not started itself: waiting for it, or using it, means its server.
    private IEnumerable<Resource> StartedBehind(Resource resource) =>
        resource.Existing is not null ? []
        : ToStart.Contains(resource) ? [resource]
        : resource.References.OfType<Resource>().SelectMany(StartedBehind);
}
