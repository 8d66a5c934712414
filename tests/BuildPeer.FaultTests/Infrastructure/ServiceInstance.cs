using BuildPeer.TestSupport;

namespace BuildPeer.FaultTests.Infrastructure;

/// <summary>
/// One API or Processing instance as its own OS process (<c>dotnet &lt;project&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;project&gt;.dll</c>),
/// configured by environment variables, ready when GET /health answers 200. Restarts append to the same log file.
/// </summary>
public sealed class ServiceInstance(string name, string project, IReadOnlyDictionary<string, string?> environment, string logDirectory) : IAsyncDisposable
{
    private LocalProcess? _process;

    public string Name { get; } = name;
    public int Port { get; private set; }
    public int Starts { get; private set; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string LogPath { get; } = Path.Combine(logDirectory, name + ".log");
    public int? Pid => _process?.Pid;
    public bool IsRunning => _process is { HasExited: false };

    public string ProjectDirectory => Path.Combine(RepositoryPaths.Root, project);
    public string AssemblyPath => Path.Combine(ProjectDirectory, "bin", FaultSettings.Configuration, "net10.0", project + ".dll");

    public async Task StartAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (!File.Exists(AssemblyPath))
            throw new FileNotFoundException($"{project} is not built: {AssemblyPath} is missing (the test project references it, so 'dotnet test' builds it).");
        Port = FreePort.Next();
        Starts++;
        var env = new Dictionary<string, string?>(environment) { ["ASPNETCORE_URLS"] = BaseUrl };
        await File.AppendAllTextAsync(LogPath, $"---- fault suite: start #{Starts} of {Name} on {BaseUrl} at {DateTime.UtcNow:O}\n", ct);
        var process = DotnetService.Start(Name, AssemblyPath, env, LogPath, ProjectDirectory);
        _process = process;
        ChildProcesses.Register(process);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan? alive = null;
        await process.WaitUntilReadyAsync(async token =>
        {
            if (alive is null && await AnswersAsync("/alive", token)) alive = clock.Elapsed;
            return alive is not null && await IsHealthyAsync(token);
        }, timeout, ct);
        LastStartup = $"alive after {alive?.TotalSeconds:0.0} s, healthy after {clock.Elapsed.TotalSeconds:0.0} s";
    }

    /// <summary>How long the last start took to answer /alive (the host is up) and /health (every dependency checked).</summary>
    public string LastStartup { get; private set; } = "";

    private Task<bool> AnswersAsync(string path, CancellationToken ct) => DotnetService.AnswersOkAsync(BaseUrl + path, ct);

    public Task<bool> IsHealthyAsync(CancellationToken ct) => AnswersAsync("/health", ct);

    /// <summary>What /health says now (for a report when an instance does not recover).</summary>
    public async Task<string> DescribeHealthAsync()
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var response = await http.GetAsync(BaseUrl + "/health");
            return $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "unreachable: " + e.Message;
        }
    }

    /// <summary>Polls /health until it answers 200; false if it does not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitHealthyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true }) return false;
            if (await IsHealthyAsync(ct)) return true;
            await Task.Delay(250, ct);
        }
        return false;
    }

    /// <summary>SIGKILL: no shutdown code runs, in-flight messages are abandoned mid-handler.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process) return;
        await File.AppendAllTextAsync(LogPath, $"---- fault suite: SIGKILL {Name} (pid {process.Pid}) at {DateTime.UtcNow:O}\n");
        PosixSignals.Kill(process.Pid);
        await process.WaitForExitAsync();
        ChildProcesses.Exited(process);
        await process.DisposeAsync();
        _process = null;
    }

    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return string.Join('\n', new StreamReader(stream).ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException) { return "(no log)"; }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not { } process) return;
        // SIGTERM with a grace period, then the process tree is killed (LocalProcess.StopAsync).
        await process.StopAsync(TimeSpan.FromSeconds(10));
        ChildProcesses.Exited(process);
        await process.DisposeAsync();
        _process = null;
    }
}
