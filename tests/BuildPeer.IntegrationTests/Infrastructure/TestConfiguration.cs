namespace BuildPeer.IntegrationTests.Infrastructure;

/// <summary>Configuration both services get in tests: the real local dependencies, fast retries.</summary>
public static class TestConfiguration
{
    public const string JwtKey = "integration-tests-signing-key-0123456789abcdef";

    public static Dictionary<string, string?> For(Dependencies deps, string queue) => new()
    {
        ["ConnectionStrings:uploadsdb"] = deps.OwnerConnectionString,
        ["ConnectionStrings:clamd"] = deps.ClamdConnectionString,
        ["Aws:ServiceUrl"] = deps.FauxqsServiceUrl,
        ["Aws:Region"] = "us-east-1",
        ["Aws:AccessKeyId"] = "test",
        ["Aws:SecretAccessKey"] = "test",
        ["Storage:Bucket"] = "buildpeer-it",
        ["Storage:CreateBucket"] = "true",
        ["Messaging:UploadsQueue"] = queue,
        ["Messaging:S3EventsQueue"] = queue + "-s3-events",
        ["Messaging:CreateQueues"] = "true",
        ["Messaging:WaitTimeSeconds"] = "1",
        ["Messaging:VisibilityTimeoutSeconds"] = "30",
        ["Messaging:RetryCooldowns:0"] = "00:00:01",
        ["Messaging:RetryCooldowns:1"] = "00:00:01",
        ["Jwt:SigningKey"] = JwtKey,
        // Every test logs in from the same in-memory "address": the per-user limits stay, the per-IP one for logins
        // would otherwise fail whichever tests pass the 100th login of a minute.
        ["RateLimits:AnonymousRequestsPerMinute"] = "100000",
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
