using BuildPeer.Cli.Output;
using BuildPeer.Client.Files;
using BuildPeer.Client.Progress;
using BuildPeer.Client.Retries;
using BuildPeer.Client.Transfers;
using Spectre.Console;

namespace BuildPeer.Client.Tests;

public sealed class ProgressDisplayTests
{
    private static readonly UploadFile Plano = new("/obra/plano.pdf", "plano.pdf", "application/pdf", 20_000_000, DateTime.UtcNow);
    private static readonly UploadFile Foto = new("/obra/foto[1].jpg", "foto[1].jpg", "image/jpeg", 3_000_000, DateTime.UtcNow);

    private static async Task<string> Show(bool plain)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.Yes, Interactive = plain ? InteractionSupport.No : InteractionSupport.Yes,
        });
        console.Profile.Width = 160;
        var result = await UploadProgress.RunAsync(console, [Plano, Foto], plain, async raise =>
        {
            await Task.WhenAll(new[] { Plano, Foto }.Select(file => Task.Run(() =>
            {
                raise(new FileStarted(file));
                for (var i = 0; i < 10; i++) raise(new BytesSent(file, file.Size / 10));
            })));
            raise(new RetryScheduled(Plano, new RetryNotice("part 2 of plano.pdf", 1, new RetryDecision(RetryAction.Retry, TimeSpan.FromSeconds(1), "reset"),
                AttemptFailure.Network("connection reset"))));
            raise(new BytesSent(Plano, -1000));
            raise(new BytesSent(Plano, 1000));
            raise(new FileFinished(new FileUploadResult(Plano, FileOutcome.Uploaded, Guid.NewGuid(), null, Plano.Size)));
            raise(new FileFinished(new FileUploadResult(Foto, FileOutcome.Failed, null, null, 0, "start upload of foto[1].jpg failed: 400 too big")));
            return 42;
        });
        Assert.Equal(42, result);
        return output.ToString();
    }

    [Fact]
    public async Task Live_progress_draws_bars_and_writes_a_line_per_finished_file_and_retry()
    {
        var text = await Show(plain: false);
        Assert.Contains("2 file(s)", text);
        Assert.Contains("plano.pdf: uploaded", text);
        Assert.Contains("foto[1].jpg: start upload of foto[1].jpg failed: 400 too big", text); // markup in names is escaped
        Assert.Contains("retry 1 in 1 s", text);
        Assert.Contains("100%", text);
    }

    [Fact]
    public async Task Plain_output_has_one_line_per_event_worth_reading_and_the_running_total()
    {
        var text = await Show(plain: true);
        Assert.Contains("plano.pdf: starting (19.1 MiB)", text);
        Assert.Contains("plano.pdf: part 2 of plano.pdf: connection reset; retry 1 in 1 s", text);
        Assert.Contains("total: 21.9 MiB of 21.9 MiB", text);
    }
}
