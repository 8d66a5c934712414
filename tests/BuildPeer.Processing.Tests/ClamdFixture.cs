using System.Net.Sockets;
using BuildPeer.Processing.Tools;
using BuildPeer.TestSupport;

namespace BuildPeer.Processing.Tests;

/// <summary>
/// One real clamd for a test class, started with the AppHost's own script (local signatures, 127.0.0.1, a free port);
/// stopped by its PID afterwards.
/// </summary>
public sealed class ClamdFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new("clamd");
    private LocalProcess? _clamd;

    public string ConnectionString { get; private set; } = "";
    public ClamdClient Client => ClamdClient.Parse(ConnectionString);
    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        // FreePort can race with another process taking the port; try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            _clamd = LocalProcess.Start("clamd", "bash", [Path.Combine(RepositoryPaths.Root, "BuildPeer.AppHost", "scripts", "clamd.sh")],
                _directory.File($"clamd-{attempt}.log"),
                new Dictionary<string, string?> { ["CLAMD_PORT"] = port.ToString(), ["CLAMD_STATE_DIR"] = Path.Combine(_directory.Path, $"attempt-{attempt}") });
            try
            {
                ConnectionString = $"tcp://127.0.0.1:{port}";
                await _clamd.WaitUntilReadyAsync(async ct => await Client.PingAsync(ct), TimeSpan.FromSeconds(60));
                break;
            }
            catch (Exception e) when (attempt < 3 && e is InvalidOperationException or TimeoutException or SocketException)
            {
                await _clamd.DisposeAsync();
            }
        }
        StartupTime = started.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_clamd is not null) await _clamd.DisposeAsync();
        _directory.Dispose();
    }
}
