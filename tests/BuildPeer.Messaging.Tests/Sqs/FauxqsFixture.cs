using System.Net.Sockets;
using BuildPeer.Messaging.Sqs;
using BuildPeer.TestSupport;

namespace BuildPeer.Messaging.Tests.Sqs;

/// <summary>One fauxqs emulator (npm, started by tools/fauxqs/launcher.mjs on 127.0.0.1 only) for a test class; stopped by its PID.</summary>
public sealed class FauxqsFixture : IAsyncLifetime
{
    public static readonly AwsCredentials Credentials = new("AKIDLOCALTEST", "local/test/secret");

    private readonly TemporaryDirectory _logs = new("fauxqs");
    private LocalProcess? _fauxqs;

    public string ServiceUrl { get; private set; } = "";

    // Longer than the longest long poll (20 s), so a wait never looks like a timeout.
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public SqsClient Client(string region = "us-east-1", AwsCredentials? credentials = null, HttpClient? http = null) =>
        new(http ?? Http, new SqsClientOptions { ServiceUrl = ServiceUrl, Region = region, Credentials = credentials ?? Credentials });

    public async Task InitializeAsync()
    {
        var toolDirectory = Path.Combine(RepositoryPaths.Root, "tools", "fauxqs");
        // FreePort hands out a port another process may take before fauxqs binds it; try a fresh one.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            _fauxqs = LocalProcess.Start("fauxqs", "node", ["launcher.mjs", port.ToString()], _logs.File($"fauxqs-{attempt}.log"), workingDirectory: toolDirectory);
            try
            {
                await _fauxqs.WaitUntilReadyAsync(async ct =>
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", port, ct);
                    return true;
                }, TimeSpan.FromSeconds(30));
                ServiceUrl = $"http://127.0.0.1:{port}";
                return;
            }
            catch (Exception e) when (attempt < 3 && e is InvalidOperationException or TimeoutException)
            {
                await _fauxqs.DisposeAsync();
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_fauxqs is not null) await _fauxqs.DisposeAsync();
        Http.Dispose();
        _logs.Dispose();
    }
}
