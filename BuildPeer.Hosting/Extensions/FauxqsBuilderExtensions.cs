namespace BuildPeer.Hosting;

public static class FauxqsBuilderExtensions
{
    public const string LocalCredential = "local";

    /// <summary>The S3 + SQS endpoint; locally the fauxqs emulator on <paramref name="localPort"/> when free. Run-only.</summary>
    public static IResourceBuilder<FauxqsResource> AddFauxqs(this DistributedApplicationBuilder builder, string name, int localPort = 4566) =>
        builder.AddResource(new FauxqsResource(name, localPort));

    /// <summary>
    /// In run mode, don't start the emulator when the AppHost's environment names an endpoint (<c>Aws__ServiceUrl</c>,
    /// another emulator) or only a region (<c>AWS_REGION</c> / <c>Aws__Region</c>: real AWS with the SDK's credentials).
    /// </summary>
    public static IResourceBuilder<FauxqsResource> RunAsExisting(this IResourceBuilder<FauxqsResource> builder)
    {
        var execution = builder.ApplicationBuilder.ExecutionContext;
        if (!execution.IsRunMode) return builder;
        if (execution.GetEnvironmentVariable("Aws__ServiceUrl") is { } serviceUrl)
            builder.Resource.Existing = new ExistingResource("Aws__ServiceUrl", serviceUrl);
        else if (RegionVariables.FirstOrDefault(v => execution.GetEnvironmentVariable(v) is not null) is { } regionVariable)
            builder.Resource.Existing = new ExistingResource($"AWS ({regionVariable}={execution.GetEnvironmentVariable(regionVariable)})", null);
        return builder;
    }

    /// <summary>
    /// Points a service at the endpoint: <c>Aws__ServiceUrl</c>, credentials and create-on-start flags for an emulator;
    /// nothing for real AWS (regional endpoints, default credential chain) and nothing in the manifest.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<FauxqsResource> aws)
        where T : Resource, IResourceWithEnvironment
    {
        builder.Resource.References.Add(aws.Resource);
        return builder.WithEnvironment(context =>
        {
            if (context.ExecutionContext.IsPublishMode || aws.Resource.ServiceUrl is not { } serviceUrl) return;
            var env = context.EnvironmentVariables;
            env["Aws__ServiceUrl"] = serviceUrl;
            if (context.ExecutionContext.GetEnvironmentVariable("Aws__AccessKeyId") is null
                && context.ExecutionContext.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is null)
            {
                env["Aws__AccessKeyId"] = LocalCredential;
                env["Aws__SecretAccessKey"] = LocalCredential;
            }
            // An emulator starts empty; in AWS the infrastructure creates the bucket and queues.
            env["Storage__CreateBucket"] = "true";
            env["Messaging__CreateQueues"] = "true";
        });
    }

    private static readonly string[] RegionVariables = ["Aws__Region", "AWS_REGION", "AWS_DEFAULT_REGION"];
}
