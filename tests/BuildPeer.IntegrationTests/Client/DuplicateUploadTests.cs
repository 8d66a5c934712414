using System.Net;
using BuildPeer.Client.Files;
using BuildPeer.Client.Resume;
using BuildPeer.Client.Transfers;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Client;

[Collection(SystemCollection.Name)]
public sealed class DuplicateUploadTests(BuildPeerSystem system)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_small_file_already_in_the_project_is_answered_as_duplicate_without_a_byte_sent()
    {
        await using var h = await ClientHarness.StartAsync(system);
        var (file, sha) = h.RandomDocx("informe.docx", 300_000, seed: 5);
        using var client = h.NewClient();
        var first = (await client.UploadAsync(h.Tenant.ProjectId, [file], wait: true)).Single();
        Assert.Equal("Processed", first.Final?.Status);

        var copy = h.Folder.File("informe-copia.docx");
        File.Copy(file.Path, copy);
        h.Proxy.ResetCounters();
        var again = await h.NewClient().UploadFileAsync(h.Tenant.ProjectId, UploadFile.From(copy));

        Assert.Equal(FileOutcome.Duplicate, again.Outcome);
        Assert.Equal(first.UploadId, again.UploadId);
        Assert.Equal(sha, again.Sha256);
        Assert.Empty(h.Proxy.Requests);
        Assert.Equal(0, h.Proxy.BytesUp);
    }

    [Fact]
    public async Task A_large_file_whose_hash_an_earlier_run_kept_is_answered_as_duplicate_without_a_byte_sent()
    {
        await using var h = await ClientHarness.StartAsync(system);
        var (original, sha) = h.RandomDocx("plano.docx", 20 * MiB, seed: 21);
        var stored = await h.NewClient().UploadAsync(h.Tenant.ProjectId, [original], wait: true);
        Assert.Equal("Processed", stored.Single().Final?.Status);

        // The same bytes under another name: a first run hashes it while sending, then storage refuses its last part for good.
        var copyPath = h.Folder.File("plano-copia.docx");
        File.Copy(original.Path, copyPath);
        var copy = UploadFile.From(copyPath);
        h.Proxy.Faults = r => r.PartNumber == 4 ? ProxyFault.S3Error(400, "Bad Request", "InvalidArgument", "refused") : ProxyFault.None;
        var failed = await h.NewClient().UploadFileAsync(h.Tenant.ProjectId, copy);
        Assert.Equal(FileOutcome.Failed, failed.Outcome);
        var state = new ResumeStateStore(h.StateDirectory).Load(ResumeKey.For(copy.Path, copy.Size, copy.LastWriteUtc))!;
        Assert.Equal(sha, state.Sha256);
        // That upload goes away (deleted here; left alone it would expire).
        await h.Api.Scenario(s =>
        {
            s.Delete.Url($"/api/uploads/{state.UploadId}");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });

        h.Proxy.Faults = null;
        await h.Proxy.WaitQuietAsync();
        h.Proxy.ResetCounters();
        var again = await h.NewClient().UploadFileAsync(h.Tenant.ProjectId, copy);

        Assert.Equal(FileOutcome.Duplicate, again.Outcome);
        Assert.Equal(stored.Single().UploadId, again.UploadId);
        Assert.Equal(0, h.Proxy.BytesUp);
    }
}
