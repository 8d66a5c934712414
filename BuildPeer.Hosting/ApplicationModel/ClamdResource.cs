namespace BuildPeer.Hosting;

/// <summary>
/// clamd (ClamAV daemon). Run-only: in AWS it runs inside the processing container, so the manifest gives the
/// worker the sidecar address <see cref="SidecarConnectionString"/> instead of a resource of its own.
/// </summary>
public sealed class ClamdResource : ConnectionStringResource, IResourceWithEndpoints
{
    public const string SidecarConnectionString = "tcp://127.0.0.1:3310";

    public ClamdResource(string name, int localPort) : base(name)
    {
        PrimaryEndpoint = new Endpoint(this, "tcp", "tcp", "tcp") { TargetPort = 3310, LocalPort = localPort };
        Endpoints.Add(PrimaryEndpoint);
        ExcludedFromManifest = true;
    }

    public Endpoint PrimaryEndpoint { get; }

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"tcp://{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
