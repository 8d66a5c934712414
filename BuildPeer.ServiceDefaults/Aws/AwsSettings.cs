using Microsoft.Extensions.Configuration;

namespace BuildPeer.ServiceDefaults.Aws;

/// <summary>
/// The "Aws" section. ServiceUrl points at a local emulator (fauxqs); without it the SDK's regional endpoints
/// are used. Without explicit keys the SDK's default credential chain applies (ECS task role in AWS).
/// </summary>
public sealed class AwsSettings
{
    public string? ServiceUrl { get; set; }
    public string Region { get; set; } = "us-east-1";
    public string? AccessKeyId { get; set; }
    public string? SecretAccessKey { get; set; }

    public bool IsLocalEmulator => !string.IsNullOrWhiteSpace(ServiceUrl);

    public static AwsSettings From(IConfiguration configuration) =>
        configuration.GetSection("Aws").Get<AwsSettings>() ?? new AwsSettings();
}
