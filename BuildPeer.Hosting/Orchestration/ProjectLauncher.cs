using BuildPeer.Hosting.Local;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>
/// A project run from its build output (<c>dotnet bin/&lt;Configuration&gt;/&lt;tfm&gt;/&lt;Project&gt;.dll</c>, built with the
/// AppHost) in its own folder, configured by environment variables; ready when GET /health answers 200.
/// </summary>
public static class ProjectLauncher
{
    public static readonly TimeSpan HealthyTimeout = TimeSpan.FromSeconds(120);

    public static async Task<RunningResource> StartAsync(ProjectResource project, LaunchContext context, CancellationToken ct)
    {
        var assembly = ProjectOutput.AssemblyPath(project.ProjectPath);
        if (!File.Exists(assembly))
            throw new FileNotFoundException($"{project.Name} is not built: {assembly} is missing. Build the AppHost (dotnet build BuildPeer.AppHost), which builds the services.");

        var environment = EnvironmentCallbackContext.Evaluate(project, context.Execution).Resolve()
            .ToDictionary(e => e.Key, string? (e) => e.Value);
        var process = DotnetService.Start(project.Name, assembly, environment, context.LogPathFor(project),
            Path.GetDirectoryName(project.ProjectPath), options: context.ProcessOptions(project, echoOutput: true));

        var url = project.Endpoints.First(e => e.IsServedLocally && e.UriScheme == "http").Url;
        try
        {
            await DotnetService.WaitUntilAnsweringAsync(process, url + HealthProbe.Path, HealthyTimeout, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // The output was echoed already: say what happened, not the log tail again.
            var reason = process.ExitCode is { } code
                ? $"it exited with code {code} before it was healthy"
                : $"it was not healthy within {HealthyTimeout.TotalSeconds:0} s (last /health: {await HealthProbe.DescribeAsync(url + HealthProbe.Path, CancellationToken.None)})";
            await process.DisposeAsync();
            throw new InvalidOperationException($"{reason}. Log: {process.LogPath}", e);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new RunningResource(project, process, url, process, healthUrl: url + HealthProbe.Path);
    }
}
