namespace BuildPeer.Hosting;

/// <summary>Anything the AppHost models: a parameter, a server, a database, a project.</summary>
public interface IResource
{
    string Name { get; }
}

/// <summary>A resource that is configured through environment variables (projects, containers).</summary>
public interface IResourceWithEnvironment : IResource;

/// <summary>A resource that listens on endpoints.</summary>
public interface IResourceWithEndpoints : IResource;

/// <summary>A resource others connect to with a connection string (<c>ConnectionStrings__&lt;name&gt;</c>).</summary>
public interface IResourceWithConnectionString : IResource, IValueProvider, IManifestExpressionProvider
{
    ReferenceExpression ConnectionStringExpression { get; }
}
