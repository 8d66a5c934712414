namespace BuildPeer.Messaging.Sqs;

/// <summary>An AWS access key pair, with the session token that temporary (STS) credentials carry.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    // Records print every property; keep the secret and the token out of logs and exception messages.
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
