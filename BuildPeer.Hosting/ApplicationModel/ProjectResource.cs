namespace BuildPeer.Hosting;

/// <summary>A .NET project of this repository, run from its build output and published as <c>project.v0</c>.</summary>
public sealed class ProjectResource(string name, string projectPath) : Resource(name), IResourceWithEnvironment, IResourceWithEndpoints
{
    /// <summary>Absolute path of the .csproj.</summary>
    public string ProjectPath { get; } = projectPath;

    /// <summary>Aspire turns on forwarded headers for projects with endpoints; an internal worker does not sit behind a proxy.</summary>
    public bool ForwardedHeadersDisabled { get; set; }
}
