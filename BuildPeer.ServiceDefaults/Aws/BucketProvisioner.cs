using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BuildPeer.ServiceDefaults.Aws;

/// <summary>Locally (Storage:CreateBucket), creates the bucket at start-up; in AWS the infrastructure owns it.</summary>
public sealed class BucketProvisioner(ObjectStorage storage, IOptions<StorageOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.CreateBucket) return;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try { await storage.EnsureBucketAsync(ct); return; }
            catch (Exception e) when (e is HttpRequestException or Amazon.Runtime.AmazonServiceException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, ct);
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
