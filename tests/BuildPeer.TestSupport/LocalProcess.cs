using System.Runtime.InteropServices;
using System.Diagnostics;

namespace BuildPeer.TestSupport;

/// <summary>
/// A child process started by us, with its output copied to a log file, stopped by its own PID
/// (SIGTERM, then SIGKILL after a grace period).
/// </summary>
public sealed class LocalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private LocalProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
        Pid = process.Id;
    }

    public string Name { get; }

    /// <summary>Kept after the process exits and is disposed, for reports.</summary>
    public int Pid { get; }
    public bool HasExited => _process.HasExited;
    public string LogPath { get; private init; } = "";

    public static LocalProcess Start(string name, string fileName, IEnumerable<string> args, string logPath,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null, LocalProcessOptions? options = null)
    {
        logPath = options?.LogPath ?? logPath;
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        // setsid execs in place (our child is not a process group leader), so the PID stays the program's own.
        var ownSession = options?.OwnSession == true && File.Exists(SetsidPath);
        var info = new ProcessStartInfo(ownSession ? SetsidPath : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        if (ownSession) info.ArgumentList.Add(fileName);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) info.Environment[key] = value;

        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var onLine = options?.OnOutputLine;
        process.OutputDataReceived += (_, e) => Write(log, e.Data, onLine);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data, onLine);
        if (!process.Start()) throw new InvalidOperationException($"{name}: could not start {fileName}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new LocalProcess(name, process, log) { LogPath = logPath };
    }

    private const string SetsidPath = "/usr/bin/setsid";

    private static void Write(StreamWriter log, string? line, Action<string>? onLine)
    {
        if (line is null) return;
        try
        {
            lock (log) log.WriteLine(line);
        }
        catch (ObjectDisposedException)
        {
            return; // a last line after the process was disposed
        }
        onLine?.Invoke(line);
    }

    /// <summary>The exit code, once the process has exited.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public Task WaitForExitAsync(CancellationToken ct = default) => _process.WaitForExitAsync(ct);

    /// <summary>Polls <paramref name="probe"/> until it returns true, failing early with the log tail if the process dies.</summary>
    public async Task WaitUntilReadyAsync(Func<CancellationToken, Task<bool>> probe, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready. Log {LogPath}:\n{Tail()}");
            try
            {
                if (await probe(ct)) return;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // not ready yet
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s. Log {LogPath}:\n{Tail()}");
    }

    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException) { return ""; }
    }

    public void Signal(PosixSignal signal)
    {
        if (!_process.HasExited) PosixSignals.Send(_process.Id, signal);
    }

    /// <summary>Sends <paramref name="signal"/> (SIGTERM by default), then kills the process tree after the grace period.</summary>
    public async Task StopAsync(TimeSpan? grace = null, PosixSignal signal = PosixSignal.SIGTERM)
    {
        if (!_process.HasExited)
        {
            Signal(signal);
            using var cts = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
