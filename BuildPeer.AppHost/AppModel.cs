using BuildPeer.Hosting;

namespace BuildPeer.AppHost;

/// <summary>
/// The BuildPeer Uploads application: PostgreSQL, S3 + SQS, clamd, the API and the Processing worker.
/// <c>run</c> starts it on this machine; <c>publish</c> writes aspire-manifest.json for the AWS deployment.
/// </summary>
public static class AppModel
{
    public static DistributedApplication Build(string[] args) => Build(DistributedApplication.CreateBuilder(args));

    public static DistributedApplication Build(DistributedApplicationBuilder builder)
    {
        // When run, a variable already in your environment replaces the local resource (see each RunAsExisting).
        var postgresPassword = builder.AddParameter("postgres-password", secret: true);
        var postgres = builder.AddPostgres("postgres", postgresPassword);
        var uploadsDb = postgres.AddDatabase("uploadsdb")
            .RunAsExisting(); // ConnectionStrings__uploadsdb

        var jwtKey = builder.AddParameter("jwt-signing-key", secret: true, minLength: 48);
        var region = builder.AddParameter("aws-region", defaultValue: "us-east-1")
            .WithValueFromEnvironment("Aws__Region", "AWS_REGION");
        var bucket = builder.AddParameter("uploads-bucket", defaultValue: "buildpeer-uploads");
        var queue = builder.AddParameter("uploads-queue", defaultValue: "buildpeer-uploads");

        var aws = builder.AddFauxqs("aws")
            .RunAsExisting(); // Aws__ServiceUrl (another endpoint), or only a region: real AWS
        var clamd = builder.AddClamd("clamd")
            .RunAsExisting(); // ConnectionStrings__clamd

        var api = builder.AddProject("api", "BuildPeer.Api/BuildPeer.Api.csproj")
            .WithHttpEndpoint(localPort: 5080)
            .WithHttpsEndpoint()
            .WithExternalHttpEndpoints()
            .WithReference(uploadsDb)
            .WithEnvironment("Jwt__SigningKey", jwtKey)
            .WithReference(aws)
            .WithEnvironment("Aws__Region", region)
            .WithEnvironment("Storage__Bucket", bucket)
            .WithEnvironment("Messaging__UploadsQueue", queue)
            .WaitFor(uploadsDb)
            .WaitFor(aws);

        var processing = builder.AddProject("processing", "BuildPeer.Processing/BuildPeer.Processing.csproj")
            .WithHttpEndpoint(localPort: 5081)
            .DisableForwardedHeaders()
            .WithReference(uploadsDb)
            .WithReference(clamd)
            .WithReference(aws)
            .WithEnvironment("Aws__Region", region)
            .WithEnvironment("Storage__Bucket", bucket)
            .WithEnvironment("Messaging__UploadsQueue", queue)
            .WaitFor(uploadsDb)
            .WaitFor(aws)
            .WaitFor(clamd)
            .WaitFor(api); // the API creates the database, role and schema; both doing it at once would race

        if (builder.ExecutionContext.IsRunMode)
        {
            // Aspire's service-discovery variable, as WithReference(processing) sets it: the ops view asks the worker's
            // /health. Run mode only: in AWS the worker's tasks sit behind no load balancer, so there is no one address to ask.
            var processingUrl = processing.Resource.GetEndpoint("http").Property(EndpointProperty.Url);
            api.WithEnvironment(context => context.EnvironmentVariables["services__processing__http__0"] = processingUrl);
        }

        if (builder.ExecutionContext.IsRunMode && !builder.ExecutionContext.Options.HasFlag("--no-demo"))
        {
            api.WithEnvironment("Seed__Demo", "true");
            builder.AddRunNote(() => DemoLogin.Describe(api.Resource.GetEndpoint("http").Url));
        }

        return builder.Build();
    }
}
