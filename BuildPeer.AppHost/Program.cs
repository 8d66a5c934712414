// The whole system, read top to bottom. `./run.sh` runs it with the dashboard; `--publisher manifest` writes
// aspire-manifest.json, which deploy/cdk turns into the AWS stack. There is no container engine on the machines this
// runs on, so locally each dependency is an executable resource (Debian's binaries, the npm emulator).
using BuildPeer.AppHost;
using BuildPeer.AppHost.Resources;
using Microsoft.Extensions.DependencyInjection;

var builder = DistributedApplication.CreateBuilder(args);
var local = LocalRun.From(builder);

// PostgreSQL: locally a server of our own; in AWS Aurora, which deploy/cdk makes from Aspire's PostgreSQL server.
IResourceBuilder<IResourceWithConnectionString> uploadsDb = builder.ExecutionContext.IsPublishMode
    ? builder.AddPostgres("postgres").WithImageTag("15").AddDatabase("uploadsdb")
    : builder.AddLocalPostgres("postgres", local, database: "uploadsdb");

// S3 + SQS: locally the fauxqs emulator; in AWS the bucket and queues deploy/cdk creates (named by these parameters).
var region = builder.AddParameter("aws-region", "us-east-1", publishValueAsDefault: true);
var bucket = builder.AddParameter("uploads-bucket", "buildpeer-uploads", publishValueAsDefault: true);
var queue = builder.AddParameter("uploads-queue", "buildpeer-uploads", publishValueAsDefault: true);
var aws = builder.ExecutionContext.IsRunMode ? builder.AddAwsEmulator("aws", local) : null;

// clamd: locally with the test signatures; in AWS a sidecar in Processing's task, on its loopback.
var clamd = builder.ExecutionContext.IsRunMode ? builder.AddLocalClamd("clamd", local) : null;

if (local.DependenciesOnly)
{
    builder.Build().Run(); // the integration tests run the services in-process against these
    return;
}

// Redis: the limits and status reads every API instance shares. Locally Debian's redis-server; in AWS ElastiCache,
// which deploy/cdk makes from Aspire's Redis.
IResourceBuilder<IResourceWithConnectionString> redis = builder.ExecutionContext.IsPublishMode
    ? builder.AddRedis("redis")
    : builder.AddLocalRedis("redis", local);

var jwtKey = builder.AddParameter("jwt-signing-key", new GenerateParameterDefault { MinLength = 48 }, secret: true, persist: true);

var api = builder.AddProject<Projects.BuildPeer_Api>("api")
    .WithHttpEndpoint(port: local.WebPagePort)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReferenceEnvironment(ConnectionStringsAndServiceDiscovery)
    .WithReference(uploadsDb, connectionName: "uploadsdb")
    .WithReference(redis, connectionName: "redis")
    .WithEnvironment("Jwt__SigningKey", jwtKey)
    .WithEnvironment("Aws__Region", region)
    .WithEnvironment("Storage__Bucket", bucket)
    .WithEnvironment("Messaging__UploadsQueue", queue)
    .WithAwsEmulator(aws)
    .WaitFor(uploadsDb)
    .WaitFor(redis);

var processing = builder.AddProject<Projects.BuildPeer_Processing>("processing")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReferenceEnvironment(ConnectionStringsAndServiceDiscovery)
    .WithReference(uploadsDb, connectionName: "uploadsdb")
    .WithClamd(clamd)
    .WithEnvironment("Aws__Region", region)
    .WithEnvironment("Storage__Bucket", bucket)
    .WithEnvironment("Messaging__UploadsQueue", queue)
    .WithAwsEmulator(aws)
    .WaitFor(api); // the API creates the database, its roles and schema; both doing it at once would race

if (builder.ExecutionContext.IsRunMode)
{
    // The ops view asks the worker's /health. Run mode only: in AWS the worker's tasks sit behind no load balancer.
    // Development locally: the API reference page (/scalar) and detailed errors.
    processing.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
    api.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
        .WithReference(processing.GetEndpoint("http"))
        .WithDemoTenant(local)
        .WithDeadLetterReplayCommand()
        .WithWebPageUrls();
    builder.WithQuietConsole().Services.AddHostedService<ReadyBanner>();
}

builder.Build().Run();

// The services read ConnectionStrings__* and services__*; Aspire's per-property variables (UPLOADSDB_HOST, …) would only
// be noise in the deployment.
partial class Program
{
    private const ReferenceEnvironmentInjectionFlags ConnectionStringsAndServiceDiscovery =
        ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery;
}
