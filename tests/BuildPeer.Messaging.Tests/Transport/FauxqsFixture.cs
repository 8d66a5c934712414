using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.SQS;
using BuildPeer.TestSupport;

namespace BuildPeer.Messaging.Tests.Transport;

/// <summary>One fauxqs emulator (npm, started by tools/fauxqs/launcher.mjs on 127.0.0.1 only) for a test class; stopped by its PID.</summary>
public sealed class FauxqsFixture : IAsyncLifetime
{
    public static readonly BasicAWSCredentials Credentials = new("AKIDLOCALTEST", "local/test/secret");

    private readonly TemporaryDirectory _logs = new("fauxqs");
    private LocalProcess? _fauxqs;

    public string ServiceUrl { get; private set; } = "";

    /// <summary>The emulator's PID, for tests that pause it (SIGSTOP) as a network outage.</summary>
    public int Pid => _fauxqs?.Pid ?? throw new InvalidOperationException("fauxqs has not started.");

    public AmazonSQSClient Client() => new(Credentials, new AmazonSQSConfig
    {
        ServiceURL = ServiceUrl,
        AuthenticationRegion = "us-east-1",
        UseHttp = true,
        Timeout = TimeSpan.FromSeconds(30), // longer than the longest long poll (20 s)
    });

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
        _logs.Dispose();
    }
}
