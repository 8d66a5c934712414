namespace BuildPeer.Messaging.Sqs;

public sealed class SqsClientOptions
{
    /// <summary>The endpoint every request is sent to, e.g. https://sqs.us-east-1.amazonaws.com or the local emulator.</summary>
    public required string ServiceUrl { get; set; }
    public required string Region { get; set; }
    public required AwsCredentials Credentials { get; set; }
}
