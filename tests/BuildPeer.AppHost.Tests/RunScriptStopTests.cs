using System.Runtime.InteropServices;
using BuildPeer.TestSupport;

namespace BuildPeer.AppHost.Tests;

/// <summary>
/// <c>./run.sh</c> started the way a supervisor or a CI job starts it (in the background, SIGINT ignored), then
/// stopped by a signal to its PID alone: everything it started (the AppHost, DCP, the dashboard, every resource) stops,
/// PostgreSQL cleanly, and nothing is left.
/// </summary>
public class RunScriptStopTests
{
    public const string ReadyLine = "BuildPeer Uploads is running";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10); // run.sh builds first, on a busy machine
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(PosixSignal.SIGINT)]
    [InlineData(PosixSignal.SIGTERM)]
    public async Task A_signal_to_the_run_script_pid_stops_every_process_it_started(PosixSignal signal)
    {
        using var state = new TemporaryDirectory("run-script");
        Dictionary<int, string> started;
        await using (var run = AppHostProcess.StartRunScript("--BuildPeer:StateDir", state.Path, "--BuildPeer:WebPagePort", "0"))
        {
            await run.WaitForLineAsync(ReadyLine, StartTimeout);
            started = ProcessTable.StartedBy(run.Pid);
            Assert.Contains(started.Values, cmd => cmd.Contains("postgres -D", StringComparison.Ordinal));
            Assert.Contains(started.Values, cmd => cmd.Contains("Aspire.Dashboard", StringComparison.Ordinal));
            Assert.Contains(started.Values, cmd => cmd.Contains("BuildPeer.Processing", StringComparison.Ordinal));

            PosixSignals.Send(run.Pid, signal);
            var exitCode = await run.WaitForExitAsync(StopTimeout);
            Assert.True(exitCode is not null, $"run.sh still runs {StopTimeout.TotalSeconds:0} s after {signal}. Output:\n{run.Output}");
            // The build shows its progress instead of minutes of silence.
            Assert.Contains(run.Output.Split('\n'), line => line.Contains("BuildPeer.AppHost ->", StringComparison.Ordinal));
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // a process reaped a moment after its parent exited
        var left = started.Where(p => ProcessTable.IsAlive(p.Key)).Select(p => $"{p.Key}: {p.Value}").ToList();
        Assert.True(left.Count == 0, "still running after run.sh exited:\n" + string.Join('\n', left));
        Assert.Empty(ProcessTable.ProcessesMentioning(state.Path));
        // A fast shutdown removes postmaster.pid; a killed server leaves it.
        Assert.True(File.Exists(Path.Combine(state.Path, "postgres", "pgdata", "PG_VERSION")));
        Assert.False(File.Exists(Path.Combine(state.Path, "postgres", "pgdata", "postmaster.pid")), "PostgreSQL did not shut down cleanly");
    }
}
