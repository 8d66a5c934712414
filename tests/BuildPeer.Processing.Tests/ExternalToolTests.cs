using BuildPeer.Processing.Tools;
using BuildPeer.TestSupport;

namespace BuildPeer.Processing.Tests;

public sealed class ExternalToolTests : IDisposable
{
    private readonly TemporaryDirectory _files = new("external-tool");

    [Fact]
    public async Task Arguments_are_passed_as_is_and_output_is_captured()
    {
        var result = await ExternalTool.RunAsync("printf", ["%s|", "two words", "$HOME", "*"], TimeSpan.FromSeconds(10));

        Assert.Equal("two words|$HOME|*|", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task Non_zero_exit_throws_with_code_and_stderr()
    {
        var error = await Assert.ThrowsAsync<ExternalToolException>(
            () => ExternalTool.RunAsync("sh", ["-c", "echo broken input >&2; exit 3"], TimeSpan.FromSeconds(10)));

        Assert.Equal("sh", error.Tool);
        Assert.Equal(3, error.ExitCode);
        Assert.Equal("broken input", error.Stderr.Trim());
    }

    [Fact]
    public async Task Missing_tool_throws_without_an_exit_code()
    {
        var error = await Assert.ThrowsAsync<ExternalToolException>(
            () => ExternalTool.RunAsync("buildpeer-no-such-tool", [], TimeSpan.FromSeconds(10)));

        Assert.Null(error.ExitCode);
    }

    [Fact]
    public async Task Timeout_kills_the_whole_process_tree()
    {
        var childPidFile = _files.File("child.pid");
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<ExternalToolTimeoutException>(() => ExternalTool.RunAsync(
            "sh", ["-c", $"sleep 60 & echo $! > {childPidFile}; wait"], TimeSpan.FromMilliseconds(500)));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
        var childPid = int.Parse((await File.ReadAllTextAsync(childPidFile)).Trim());
        Assert.False(IsRunning(childPid), $"child sleep {childPid} survived the timeout");
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ExternalTool.RunAsync("sleep", ["60"], TimeSpan.FromMinutes(1), cancel.Token));
    }

    // A killed child that nobody has reaped yet is a zombie ("Z"); it no longer runs.
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        var fields = File.ReadAllText(stat);
        return fields[(fields.LastIndexOf(')') + 2)..][0] != 'Z';
    }

    public void Dispose() => _files.Dispose();
}
