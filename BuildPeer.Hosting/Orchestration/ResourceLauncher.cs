namespace BuildPeer.Hosting.Orchestration;

/// <summary>Starts a resource locally and returns once it is ready (healthy, for projects).</summary>
public static class ResourceLauncher
{
    public static Task<RunningResource> StartAsync(Resource resource, LaunchContext context, CancellationToken ct) => resource switch
    {
        PostgresServerResource postgres => PostgresLauncher.StartAsync(postgres, context, ct),
        FauxqsResource fauxqs => FauxqsLauncher.StartAsync(fauxqs, context, ct),
        ClamdResource clamd => ClamdLauncher.StartAsync(clamd, context, ct),
        ProjectResource project => ProjectLauncher.StartAsync(project, context, ct),
        _ => throw new NotSupportedException($"{resource.Name}: {resource.GetType().Name} cannot be started locally."),
    };
}
