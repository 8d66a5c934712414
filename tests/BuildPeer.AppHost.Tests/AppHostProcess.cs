using System.Collections.Concurrent;
using System.Diagnostics;
using BuildPeer.TestSupport;

namespace BuildPeer.AppHost.Tests;

/// <summary><c>./run.sh</c> started as a child process, its output collected line by line.</summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private AppHostProcess(Process process) => _process = process;

    public int Pid => _process.Id;
    public string Output => string.Join('\n', _lines);

    /// <summary>
    /// <c>./run.sh</c> as a script or supervisor starts it in the background: with SIGINT and SIGQUIT ignored, as a
    /// non-interactive shell's <c>&amp;</c> leaves them. <see cref="Pid"/> is the script's own.
    /// </summary>
    public static AppHostProcess StartRunScript(params string[] args)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryPaths.Root,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("trap '' INT QUIT; exec ./run.sh \"$@\"");
        info.ArgumentList.Add("run.sh");
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Start(info);
    }

    private static AppHostProcess Start(ProcessStartInfo info)
    {
        var host = new AppHostProcess(new Process { StartInfo = info });
        host._process.OutputDataReceived += (_, e) => { if (e.Data is not null) host._lines.Enqueue(e.Data); };
        host._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) host._lines.Enqueue("stderr: " + e.Data); };
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The first output line starting with <paramref name="prefix"/>; fails with the output so far on timeout or exit.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line) return line;
            if (_process.HasExited && _process.WaitForExit(TimeSpan.FromSeconds(5))) // the second wait drains the output
                throw new InvalidOperationException($"The AppHost exited with code {_process.ExitCode} before printing '{prefix}'. Output:\n{Output}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"The AppHost did not print '{prefix}' within {timeout.TotalSeconds:0} s. Output:\n{Output}");
    }

    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            PosixSignals.Send(_process.Id, System.Runtime.InteropServices.PosixSignal.SIGTERM);
            if (await WaitForExitAsync(TimeSpan.FromSeconds(30)) is null) _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
