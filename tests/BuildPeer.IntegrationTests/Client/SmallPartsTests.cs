using System.Net;
using System.Text.Json;
using Alba;
using BuildPeer.Api.Uploads;
using BuildPeer.Client.Transfers;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>The client asks for S3's smallest parts by default: on a slow link that drops, a cut connection then costs at most 5 MiB.</summary>
[Collection(SystemCollection.Name)]
public sealed class SmallPartsTests(BuildPeerSystem system)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Five_MiB_parts_asked_for_by_default_are_the_parts_signed_sent_and_cut_and_the_file_arrives_intact()
    {
        await using var h = await ClientHarness.StartAsync(system);
        var (file, sha) = h.RandomDocx("bitacora.docx", 12 * MiB + 777, seed: 12);
        var cuts = 0;
        h.Proxy.Faults = r => r.PartNumber == 2 && Interlocked.Increment(ref cuts) == 1 ? new ProxyFault.CutAfter(4 * MiB) : ProxyFault.None;
        using var client = h.NewClient();

        var result = await client.UploadFileAsync(h.Tenant.ProjectId, file);

        Assert.True(result.Outcome == FileOutcome.Uploaded, result.Error);
        Assert.Equal("Processed", (await client.WaitForFinalAsync(result.UploadId!.Value)).Status);
        var parts = await UploadDriver.PartsAsync(h.Api, result.UploadId!.Value);
        Assert.Equal(5 * MiB, parts.PartSize);
        Assert.Equal(3, parts.PartCount);
        var largestSendOfEachPart = h.Proxy.Requests.Where(r => r.PartNumber is not null)
            .GroupBy(r => r.PartNumber).OrderBy(g => g.Key).Select(g => g.Max(r => r.BodyBytesForwarded));
        Assert.Equal([5 * MiB, 5 * MiB, 2 * MiB + 777], largestSendOfEachPart);
        Assert.Equal(file.Size + 4 * MiB, h.Proxy.BodyBytes); // the cut cost the 4 MiB it had sent of one 5 MiB part
        Assert.Equal(sha, result.Sha256);
    }

    [Fact]
    public async Task A_part_size_under_S3s_minimum_is_refused_naming_the_range()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");

        var result = await api.Scenario(s =>
        {
            s.Post.Json(new { fileName = "plano.pdf", contentType = "application/pdf", size = 50_000_000, partSize = 1 * MiB }).ToUrl($"/api/projects/{tenant.ProjectId}/uploads");
            s.ProblemShouldBe(HttpStatusCode.BadRequest);
        });

        Assert.Contains("between 5242880", (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("partSize")[0].GetString());
    }
}
