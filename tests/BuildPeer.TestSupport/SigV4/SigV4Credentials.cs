namespace BuildPeer.TestSupport.SigV4;

/// <summary>The access key pair a presigned URL is checked against.</summary>
public sealed record SigV4Credentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    public override string ToString() => $"SigV4Credentials {{ AccessKeyId = {AccessKeyId} }}";
}
