using Amazon.Runtime;
using Amazon.SQS;
using BuildPeer.Hosting.Local;

namespace BuildPeer.Messaging.Tests.Transport;

/// <summary>One fauxqs emulator (npm, 127.0.0.1 only) for a test class, logging to a temporary folder.</summary>
public sealed class FauxqsFixture : IAsyncLifetime
{
    public static readonly BasicAWSCredentials Credentials = new("AKIDLOCALTEST", "local/test/secret");

    private readonly string _logDirectory = Directory.CreateTempSubdirectory("buildpeer-fauxqs-").FullName;
    private FauxqsServer? _server;

    public FauxqsServer Server => _server ?? throw new InvalidOperationException("fauxqs has not started.");

    public AmazonSQSClient Client() => new(Credentials, new AmazonSQSConfig
    {
        ServiceURL = Server.ServiceUrl,
        AuthenticationRegion = "us-east-1",
        UseHttp = true,
        Timeout = TimeSpan.FromSeconds(30), // longer than the longest long poll (20 s)
    });

    public async Task InitializeAsync()
    {
        // FreePort hands out a port another process may take before fauxqs binds it; try a fresh one.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _server = await FauxqsServer.StartAsync(_logDirectory, FreePort.Next());
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && Directory.Exists(Path.Combine(RepositoryPaths.Root, "tools", "fauxqs", "node_modules", "fauxqs")))
            {
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_logDirectory, recursive: true); }
        catch (IOException) { }
    }
}
