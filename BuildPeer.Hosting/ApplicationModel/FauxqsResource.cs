namespace BuildPeer.Hosting;

/// <summary>
/// The AWS endpoint for S3 and SQS. Locally the fauxqs emulator (run-only, not in the manifest: in AWS the
/// services use the regional endpoints and the task role).
/// </summary>
public sealed class FauxqsResource : Resource, IResourceWithEndpoints
{
    public FauxqsResource(string name, int localPort) : base(name)
    {
        PrimaryEndpoint = new Endpoint(this, "http", "http", "http") { LocalPort = localPort };
        Endpoints.Add(PrimaryEndpoint);
        ExcludedFromManifest = true;
    }

    public Endpoint PrimaryEndpoint { get; }

    /// <summary>The S3/SQS endpoint the services use in run mode: the emulator's, or the existing one; null for real AWS.</summary>
    public string? ServiceUrl => Existing is null ? PrimaryEndpoint.Url : Existing.Value;
}
