using System.Net.Sockets;

namespace BuildPeer.Hosting.Local;

/// <summary>The fauxqs S3+SQS emulator (npm), started through tools/fauxqs/launcher.mjs so it binds 127.0.0.1.</summary>
public sealed class FauxqsServer : IAsyncDisposable
{
    private readonly LocalProcess _process;

    private FauxqsServer(LocalProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public int Pid => _process.Pid;
    public LocalProcess Process => _process;
    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    public static async Task<FauxqsServer> StartAsync(string logDirectory, int port, CancellationToken ct = default, LocalProcessOptions? options = null)
    {
        var toolDir = Path.Combine(RepositoryPaths.Root, "tools", "fauxqs");
        if (!Directory.Exists(Path.Combine(toolDir, "node_modules", "fauxqs")))
            throw new InvalidOperationException($"fauxqs is not installed: run 'npm ci --prefix {toolDir}' (the README's commands do it).");
        var process = LocalProcess.Start("fauxqs", "node", [Path.Combine(toolDir, "launcher.mjs"), port.ToString()],
            Path.Combine(logDirectory, "fauxqs.log"), workingDirectory: toolDir, options: options);
        try
        {
            await process.WaitUntilReadyAsync(async token =>
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, token);
                return true;
            }, TimeSpan.FromSeconds(30), ct);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new FauxqsServer(process, port);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
