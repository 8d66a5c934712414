using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using BuildPeer.ServiceDefaults.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.ServiceDefaults.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>S3 (AWSSDK.S3) and SQS (AWSSDK.SQS) for the configured endpoint, plus S3's health check (SQS's is the Wolverine transport's).</summary>
    public static IServiceCollection AddAwsClients(this IServiceCollection services, IConfiguration configuration)
    {
        var aws = AwsSettings.From(configuration);
        services.AddSingleton(aws);
        services.Configure<StorageOptions>(configuration.GetSection("Storage"));
        services.AddSingleton<IAmazonS3>(_ => CreateS3Client(aws));
        services.AddSingleton(sp => UploadUrlClient.For(aws, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value, sp.GetRequiredService<IAmazonS3>()));
        services.AddSingleton<ObjectStorage>();
        services.AddHostedService<BucketProvisioner>();
        services.AddSingleton<IAmazonSQS>(_ => CreateSqsClient(aws));
        services.AddHealthChecks()
            .AddCheck<S3HealthCheck>("storage");
        return services;
    }

    public static AmazonS3Client CreateS3Client(AwsSettings aws, bool accelerate = false)
    {
        var config = For(aws, new AmazonS3Config { ForcePathStyle = aws.IsLocalEmulator, Timeout = TimeSpan.FromSeconds(60), UseAccelerateEndpoint = accelerate });
        return ExplicitCredentials(aws) is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
    }

    public static AmazonSQSClient CreateSqsClient(AwsSettings aws)
    {
        // Longer than the longest long poll (20 s), so a wait never looks like a timeout.
        var config = For(aws, new AmazonSQSConfig { Timeout = TimeSpan.FromSeconds(40) });
        return ExplicitCredentials(aws) is { } credentials ? new AmazonSQSClient(credentials, config) : new AmazonSQSClient(config);
    }

    /// <summary>The emulator's URL (and its scheme) when one is configured, else the region's AWS endpoints.</summary>
    private static T For<T>(AwsSettings aws, T config) where T : ClientConfig
    {
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
        return config;
    }

    /// <summary>Keys from configuration (the emulator, tests); null leaves the SDK's default chain (the ECS task role).</summary>
    private static BasicAWSCredentials? ExplicitCredentials(AwsSettings aws) =>
        aws.AccessKeyId is { Length: > 0 } ? new BasicAWSCredentials(aws.AccessKeyId, aws.SecretAccessKey) : null;
}
