using BuildPeer.Messaging.Sqs;

namespace BuildPeer.Messaging.Tests.Sqs;

public class AwsCredentialsTests
{
    [Fact]
    public void Credentials_never_print_the_secret_or_the_token()
    {
        var text = new AwsCredentials("AKIDPRINT", "very-secret", "session-token").ToString();

        Assert.Contains("AKIDPRINT", text);
        Assert.DoesNotContain("very-secret", text);
        Assert.DoesNotContain("session-token", text);
    }
}
