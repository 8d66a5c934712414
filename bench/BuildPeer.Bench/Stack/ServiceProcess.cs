using BuildPeer.Bench.Measure;
using BuildPeer.TestSupport;

namespace BuildPeer.Bench.Stack;

/// <summary>
/// A .NET service (the API, Processing, the bench proxy) run as its own process from its built DLL, so its
/// CPU seconds and peak RSS can be read from /proc/&lt;pid&gt;. Stopped by its own PID.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly LocalProcess _process;

    private ServiceProcess(string name, LocalProcess process, string baseUrl)
    {
        Name = name;
        _process = process;
        BaseUrl = baseUrl;
    }

    public string Name { get; }
    public string BaseUrl { get; }
    public int Pid => _process.Pid;
    public string LogPath => _process.LogPath;
    public Watched Watched => new(Name, Pid);

    public static async Task<ServiceProcess> StartAsync(string name, string assemblyPath, IReadOnlyList<string> arguments, int port, string healthPath,
        IReadOnlyDictionary<string, string?> environment, string logDirectory, CancellationToken ct)
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        var env = new Dictionary<string, string?>(environment) { ["ASPNETCORE_URLS"] = baseUrl };
        var process = DotnetService.Start(name, assemblyPath, env, Path.Combine(logDirectory, name + ".log"), arguments: arguments);
        try
        {
            await DotnetService.WaitUntilAnsweringAsync(process, baseUrl + healthPath, TimeSpan.FromSeconds(120), ct);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new ServiceProcess(name, process, baseUrl);
    }

    public string Tail(int lines = 40) => _process.Tail(lines);

    public bool HasExited => _process.HasExited;

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
