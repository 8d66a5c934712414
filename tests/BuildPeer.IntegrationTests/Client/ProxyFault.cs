namespace BuildPeer.IntegrationTests.Client;

/// <summary>What the test proxy does to one HTTP request on its way to storage.</summary>
public abstract record ProxyFault
{
    public static readonly ProxyFault None = new Pass();

    /// <summary>Forward it untouched.</summary>
    public sealed record Pass : ProxyFault;

    /// <summary>Close both connections (FIN) after this many body bytes: a dropped mobile link.</summary>
    public sealed record CutAfter(long BodyBytes) : ProxyFault;

    /// <summary>Abort the client's connection with a TCP RST after this many body bytes.</summary>
    public sealed record ResetAfter(long BodyBytes) : ProxyFault;

    /// <summary>Read the whole body, then answer this instead of storage (e.g. 403 for an expired URL, 429, 503) and close.</summary>
    public sealed record Respond(int Status, string Reason, string Body, int? RetryAfterSeconds = null) : ProxyFault;

    public static Respond S3Error(int status, string reason, string code, string message, int? retryAfter = null) =>
        new(status, reason, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>", retryAfter);
}
