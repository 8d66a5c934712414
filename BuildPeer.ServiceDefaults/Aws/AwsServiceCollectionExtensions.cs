using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using BuildPeer.Messaging.Sqs;
using BuildPeer.ServiceDefaults.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.ServiceDefaults.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>S3 (AWSSDK.S3) and SQS (our JSON-protocol client) for the configured endpoint, plus their health checks.</summary>
    public static IServiceCollection AddAwsClients(this IServiceCollection services, IConfiguration configuration)
    {
        var aws = AwsSettings.From(configuration);
        services.AddSingleton(aws);
        services.Configure<StorageOptions>(configuration.GetSection("Storage"));
        services.AddSingleton<IAmazonS3>(_ => CreateS3Client(aws));
        services.AddSingleton(sp => UploadUrlClient.For(aws, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value, sp.GetRequiredService<IAmazonS3>()));
        services.AddSingleton<ObjectStorage>();
        services.AddHostedService<BucketProvisioner>();
        services.AddHttpClient<SqsClient>(client => client.Timeout = TimeSpan.FromSeconds(40));
        services.AddSingleton(_ => new SqsClientOptions
        {
            ServiceUrl = aws.ServiceUrl ?? $"https://sqs.{aws.Region}.amazonaws.com",
            Region = aws.Region,
            Credentials = Credentials(aws),
        });
        services.AddHealthChecks()
            .AddCheck<S3HealthCheck>("storage")
            .AddCheck<SqsHealthCheck>("queue");
        return services;
    }

    public static AmazonS3Client CreateS3Client(AwsSettings aws, bool accelerate = false)
    {
        var config = new AmazonS3Config { ForcePathStyle = aws.IsLocalEmulator, Timeout = TimeSpan.FromSeconds(60), UseAccelerateEndpoint = accelerate };
        if (aws.IsLocalEmulator)
        {
            config.ServiceURL = aws.ServiceUrl;
            config.AuthenticationRegion = aws.Region;
            config.UseHttp = aws.ServiceUrl!.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(aws.Region);
        }
        return aws.AccessKeyId is { Length: > 0 }
            ? new AmazonS3Client(new BasicAWSCredentials(aws.AccessKeyId, aws.SecretAccessKey), config)
            : new AmazonS3Client(config);
    }

    private static AwsCredentials Credentials(AwsSettings aws)
    {
        if (aws.AccessKeyId is { Length: > 0 }) return new AwsCredentials(aws.AccessKeyId, aws.SecretAccessKey ?? "");
        var resolved = DefaultAWSCredentialsIdentityResolver.GetCredentials().GetCredentials();
        return new AwsCredentials(resolved.AccessKey, resolved.SecretKey, resolved.UseToken ? resolved.Token : null);
    }
}
