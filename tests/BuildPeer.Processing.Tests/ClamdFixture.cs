using BuildPeer.Hosting.Local;
using BuildPeer.Processing.Tools;
using BuildPeer.TestSupport;

namespace BuildPeer.Processing.Tests;

/// <summary>One real clamd (local signatures, 127.0.0.1, free port) for a test class; stopped by its PID afterwards.</summary>
public sealed class ClamdFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new("clamd");
    private ClamdServer? _server;

    public ClamdServer Server => _server ?? throw new InvalidOperationException("clamd has not started");
    public ClamdClient Client => ClamdClient.Parse(Server.ConnectionString);
    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        // FreePort can race with another process taking the port; try a few.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _server = await ClamdServer.StartAsync(Path.Combine(_directory.Path, $"attempt-{attempt}"), FreePort.Next());
                break;
            }
            catch (Exception) when (attempt < 3)
            {
            }
        }
        StartupTime = started.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _directory.Dispose();
    }
}
