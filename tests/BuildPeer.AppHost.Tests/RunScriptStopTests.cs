using System.Runtime.InteropServices;
using BuildPeer.Hosting.Local;
using BuildPeer.Hosting.Orchestration;
using BuildPeer.TestSupport;

namespace BuildPeer.AppHost.Tests;

/// <summary>
/// <c>./run.sh</c> started the way a supervisor or a CI job starts it (in the background, SIGINT ignored), then
/// stopped by a signal to its PID alone: everything it started stops, PostgreSQL cleanly, and nothing is left.
/// </summary>
public class RunScriptStopTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6); // run.sh builds first
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(PosixSignal.SIGINT)]
    [InlineData(PosixSignal.SIGTERM)]
    public async Task A_signal_to_the_run_script_pid_stops_every_process_it_started(PosixSignal signal)
    {
        using var state = new TemporaryDirectory("run-script");
        Dictionary<int, string> started;
        await using (var run = AppHostProcess.StartRunScript("--state-dir", state.Path, "--free-ports"))
        {
            await run.WaitForLineAsync(LocalOrchestrator.ReadyMessage, StartTimeout);
            started = ProcessTable.Descendants(run.Pid);
            Assert.Contains(started.Values, cmd => cmd.Contains("postgres", StringComparison.Ordinal));

            PosixSignals.Send(run.Pid, signal);
            var exitCode = await run.WaitForExitAsync(StopTimeout);
            Assert.True(exitCode is not null, $"run.sh still runs {StopTimeout.TotalSeconds:0} s after {signal}. Output:\n{run.Output}");
            Assert.Contains("Stopped.", run.Output);
            // The build shows its progress instead of minutes of silence.
            Assert.Contains(run.Output.Split('\n'), line => line.Contains("BuildPeer.AppHost ->", StringComparison.Ordinal));
        }

        var left = started.Where(p => ProcessTable.IsAlive(p.Key)).Select(p => $"{p.Key}: {p.Value}").ToList();
        Assert.True(left.Count == 0, "still running after run.sh exited:\n" + string.Join('\n', left));
        Assert.Empty(ProcessTable.ProcessesMentioning(state.Path));
        var postgresLog = Assert.Single(Directory.GetFiles(state.Path, "postgres.log", SearchOption.AllDirectories));
        Assert.Contains("database system is shut down", File.ReadAllText(postgresLog));
        Assert.Empty(Directory.GetFiles(state.Path, "postmaster.pid", SearchOption.AllDirectories));
    }
}
