using BuildPeer.Cli;
using BuildPeer.Cli.Output;
using BuildPeer.Client.Api;
using BuildPeer.Client.Files;
using BuildPeer.Client.Transfers;
using Spectre.Console;

namespace BuildPeer.Client.Tests;

public sealed class SummaryTests
{
    private static readonly UploadFile File = new("/obra/plano.pdf", "plano.pdf", "application/pdf", 1000, DateTime.UtcNow);

    private static UploadView View(string status, string? reason = null) => new(Guid.NewGuid(), Guid.NewGuid(), "plano.pdf", "application/pdf", 1000,
        status, null, null, null, [], reason is null ? null : "process", reason, DateTimeOffset.UtcNow);

    [Fact]
    public void Exit_code_is_zero_only_when_every_file_arrived_or_was_a_duplicate()
    {
        var uploaded = new FileUploadResult(File, FileOutcome.Uploaded, Guid.NewGuid(), null, 1000);
        var duplicate = new FileUploadResult(File, FileOutcome.Duplicate, Guid.NewGuid(), null, 0);
        var failed = new FileUploadResult(File, FileOutcome.Failed, null, null, 0, "part 2 failed");

        Assert.Equal(ExitCodes.Success, UploadSummary.ExitCode([uploaded, duplicate], [], waited: false));
        Assert.Equal(ExitCodes.FilesFailed, UploadSummary.ExitCode([uploaded, failed], [], waited: false));
        Assert.Equal(ExitCodes.FilesFailed, UploadSummary.ExitCode([uploaded], ["x.txt: not a type"], waited: false));
    }

    [Fact]
    public void With_wait_a_file_must_end_processed()
    {
        var processed = new FileUploadResult(File, FileOutcome.Uploaded, Guid.NewGuid(), null, 1000, Final: View("Processed"));
        var broken = new FileUploadResult(File, FileOutcome.Uploaded, Guid.NewGuid(), null, 1000, Final: View("Failed", "cannot be read"));
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
        console.Profile.Width = 200;

        UploadSummary.Print(console, [processed, broken], [], waited: true);

        Assert.Equal(ExitCodes.Success, UploadSummary.ExitCode([processed], [], waited: true));
        Assert.Equal(ExitCodes.FilesFailed, UploadSummary.ExitCode([processed, broken], [], waited: true));
        Assert.Contains("process: cannot be read", output.ToString());
        Assert.Contains("1 of 2 file(s) could not be uploaded and processed", output.ToString());
    }

    [Fact]
    public void Counters_take_back_the_bytes_of_a_failed_try()
    {
        var counters = new TransferCounters();
        counters.Add("a", 5000);
        counters.Add("b", 100);
        Assert.Equal(2000, counters.Add("a", -3000));
        Assert.Equal(2100, counters.Total);
    }

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(8 * 1024 * 1024, "8 MiB")]
    [InlineData(100_000_000, "95.4 MiB")]
    public void Sizes_read_like_a_person_writes_them(long bytes, string expected) => Assert.Equal(expected, Sizes.Format(bytes));
}
