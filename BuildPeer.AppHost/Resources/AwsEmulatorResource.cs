using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.AppHost.Resources;

/// <summary>
/// S3 and SQS on one port: the fauxqs emulator (npm), started by tools/fauxqs/launcher.mjs so it binds 127.0.0.1.
/// Its connection string is the endpoint URL the services' AWS clients use.
/// </summary>
public sealed class AwsEmulatorResource(string name, string workingDirectory)
    : ExecutableResource(name, "node", workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Http => new(this, "http");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Http.Property(EndpointProperty.Url)}");
}

public static class AwsEmulatorBuilderExtensions
{
    /// <summary>The emulator checks no signatures; the AWS SDK still wants some credentials.</summary>
    public const string LocalCredential = "local";

    public static IResourceBuilder<AwsEmulatorResource> AddAwsEmulator(this IDistributedApplicationBuilder builder, string name, LocalRun local)
    {
        var resource = new AwsEmulatorResource(name, Path.Combine(local.RepositoryRoot, "tools", "fauxqs"));
        var healthCheck = $"{name}-answers";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new AnswersS3AndSqs(resource), null, null));
        return builder.AddResource(resource)
            .WithArgs("launcher.mjs")
            .WithHttpEndpoint(env: "FAUXQS_PORT")
            .WithHealthCheck(healthCheck)
            .ExcludeFromManifest();
    }

    /// <summary>
    /// Points a service at the emulator (endpoint, credentials, and create the bucket and queues at start-up, as an
    /// emulator starts empty). Nothing when <paramref name="aws"/> is null: in AWS the stack creates them and the SDK's
    /// default credentials and regional endpoints apply.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAwsEmulator(this IResourceBuilder<ProjectResource> project, IResourceBuilder<AwsEmulatorResource>? aws) =>
        aws is null ? project : project
            .WithEnvironment("Aws__ServiceUrl", aws.Resource.Http)
            .WithEnvironment("Aws__AccessKeyId", LocalCredential)
            .WithEnvironment("Aws__SecretAccessKey", LocalCredential)
            .WithEnvironment("Storage__CreateBucket", "true")
            .WithEnvironment("Messaging__CreateQueues", "true")
            .WaitFor(aws);

    /// <summary>Healthy once the emulator answers an S3 call (ListBuckets) and an SQS call (ListQueues).</summary>
    private sealed class AnswersS3AndSqs(AwsEmulatorResource aws) : IHealthCheck
    {
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                var url = aws.Http.Url;
                var s3 = await Http.GetStringAsync(url + "/", ct);
                if (!s3.Contains("ListAllMyBucketsResult", StringComparison.Ordinal)) return HealthCheckResult.Unhealthy("S3 ListBuckets: unexpected answer");
                using var request = new HttpRequestMessage(HttpMethod.Post, url + "/")
                {
                    Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.0"),
                };
                request.Headers.Add("X-Amz-Target", "AmazonSQS.ListQueues");
                using var sqs = await Http.SendAsync(request, ct);
                var body = await sqs.Content.ReadAsStringAsync(ct);
                return sqs.IsSuccessStatusCode && body.Contains("QueueUrls", StringComparison.Ordinal)
                    ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"SQS ListQueues answered {(int)sqs.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        }
    }
}
