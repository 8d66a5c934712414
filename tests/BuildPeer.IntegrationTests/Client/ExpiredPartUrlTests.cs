using BuildPeer.Client.Progress;
using BuildPeer.Client.Retries;
using BuildPeer.Client.Transfers;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Client;

[Collection(SystemCollection.Name)]
public sealed class ExpiredPartUrlTests(BuildPeerSystem system)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_403_for_a_part_url_is_signed_again_and_the_part_sent_with_the_fresh_url()
    {
        await using var h = await ClientHarness.StartAsync(system);
        var (file, sha) = h.RandomDocx("plano.docx", 20 * MiB + 5, seed: 20);
        var refused = 0;
        // The emulator does not check expiry: the proxy answers the first PUT of part 2 as S3 does for an expired URL.
        h.Proxy.Faults = r => r.PartNumber == 2 && Interlocked.Increment(ref refused) == 1
            ? ProxyFault.S3Error(403, "Forbidden", "AccessDenied", "Request has expired")
            : ProxyFault.None;
        using var client = h.NewClient(o => o with { PartSize = null }); // the server's 8 MiB parts

        var result = await client.UploadFileAsync(h.Tenant.ProjectId, file);

        Assert.True(result.Outcome == FileOutcome.Uploaded, result.Error);
        var sign = Assert.Single(h.ApiCalls.BodiesOf("POST", $"/api/uploads/{result.UploadId}/parts/sign"));
        Assert.Equal("""{"partNumbers":[2]}""", sign);
        var part2 = h.Proxy.Requests.Where(r => r.PartNumber == 2).ToList();
        Assert.Equal(2, part2.Count);
        Assert.IsType<ProxyFault.Respond>(part2[0].Fault);
        Assert.Equal(8 * MiB, part2[1].BodyBytesForwarded);
        var resign = Assert.Single(h.Events.OfType<RetryScheduled>());
        Assert.Equal(RetryAction.Resign, resign.Notice.Decision.Action);
        Assert.Equal(sha, (await client.WaitForFinalAsync(result.UploadId!.Value)).Sha256);
    }
}
