using BuildPeer.Client.Api;
using BuildPeer.Client.Transfers;

namespace BuildPeer.Client.Tests;

public sealed class PartPlannerTests
{
    private const long MiB = 1024 * 1024;
    private const long Size = 20 * MiB + 123;

    private static PartListing Part(int n, bool stored, bool confirmed, string? sha = null) =>
        new(n, (n - 1) * 8 * MiB, n == 3 ? 4 * MiB + 123 : 8 * MiB, stored, stored ? $"\"etag{n}\"" : null, stored ? 8 * MiB : null, confirmed, sha);

    [Fact]
    public void A_fresh_upload_sends_every_part()
    {
        var ticket = new MultipartTicket(8 * MiB, 3, [new(1, 0, 8 * MiB, "u1"), new(2, 8 * MiB, 8 * MiB, "u2"), new(3, 16 * MiB, 4 * MiB + 123, "u3")]);
        var plan = PartPlanner.Fresh(Size, ticket);
        Assert.All(plan, p => Assert.Equal(PartAction.Send, p.Action));
        Assert.Equal([1, 2, 3], plan.Select(p => p.PartNumber));
    }

    [Fact]
    public void A_resume_sends_only_what_storage_lacks_and_confirms_what_arrived_unconfirmed()
    {
        var listing = new PartsListing(8 * MiB, 3, 16 * MiB,
            [Part(2, stored: true, confirmed: false), Part(1, stored: true, confirmed: true, sha: "abc"), Part(3, stored: false, confirmed: false)], [3]);

        var plan = PartPlanner.Resume(Size, listing);

        Assert.Equal([PartAction.Skip, PartAction.ConfirmOnly, PartAction.Send], plan.Select(p => p.Action));
        Assert.Equal("abc", plan[0].RecordedSha256);
        Assert.Equal("\"etag2\"", plan[1].StoredETag);
    }

    [Fact]
    public void Parts_that_do_not_cover_the_file_are_refused()
    {
        var shortListing = new PartsListing(8 * MiB, 2, 0, [Part(1, false, false), Part(2, false, false)], [1, 2]);
        var error = Assert.Throws<InvalidOperationException>(() => PartPlanner.Resume(Size, shortListing));
        Assert.Contains("add up to", error.Message);

        var gap = new PartsListing(8 * MiB, 2, 0, [Part(1, false, false), Part(3, false, false)], [1, 3]);
        Assert.Throws<InvalidOperationException>(() => PartPlanner.Resume(Size, gap));
    }
}
