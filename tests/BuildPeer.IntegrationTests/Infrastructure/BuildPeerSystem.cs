using Alba;
using Amazon.S3;
using BuildPeer.ServiceDefaults.Aws;

namespace BuildPeer.IntegrationTests.Infrastructure;

/// <summary>The whole system for a test collection: dependencies + the API + the Processing worker, in process.</summary>
public class BuildPeerSystem : IAsyncLifetime
{
    public Dependencies Deps { get; } = new();
    public IAlbaHost Api { get; private set; } = null!;
    public IAlbaHost Processing { get; private set; } = null!;
    public Dictionary<string, string?> Settings { get; private set; } = null!;
    public AmazonS3Client S3 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try { await Deps.InitializeAsync(); }
        catch
        {
            await Deps.DisposeAsync(); // xunit does not dispose a fixture whose initialisation failed
            throw;
        }
        Settings = TestConfiguration.For(Deps, "uploads-it");
        Adjust(Settings);
        Api = await TestHosts.StartApiAsync(Settings); // migrations, bucket, queues
        Processing = await TestHosts.StartProcessingAsync(Settings);
        S3 = AwsServiceCollectionExtensions.CreateS3Client(new AwsSettings
        {
            ServiceUrl = Deps.FauxqsServiceUrl, AccessKeyId = "test", SecretAccessKey = "test",
        });
    }

    /// <summary>A system of its own for tests that need Processing configured differently.</summary>
    protected virtual void Adjust(Dictionary<string, string?> settings)
    {
    }

    public TestTenant NewTenant(string name = "Constructora") => new(this, name);

    /// <summary>The stored object's ETag, for tests that record UploadReceived themselves (the scan copies only those bytes).</summary>
    public async Task<string> ETagOfAsync(string key) =>
        (await S3.GetObjectMetadataAsync("buildpeer-it", key)).ETag.Trim('"');

    public virtual async Task DisposeAsync()
    {
        S3?.Dispose();
        if (Processing is not null) await Processing.DisposeAsync();
        if (Api is not null) await Api.DisposeAsync();
        await Deps.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<BuildPeerSystem>
{
    public const string Name = "system";
}
