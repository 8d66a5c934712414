using BuildPeer.Hosting.Local;
using BuildPeer.Messaging.Sqs;

namespace BuildPeer.Messaging.Tests.Sqs;

/// <summary>One fauxqs emulator (npm, 127.0.0.1 only) for a test class, logging to a temporary folder.</summary>
public sealed class FauxqsFixture : IAsyncLifetime
{
    public static readonly AwsCredentials Credentials = new("AKIDLOCALTEST", "local/test/secret");

    private readonly string _logDirectory = Directory.CreateTempSubdirectory("buildpeer-fauxqs-").FullName;
    private FauxqsServer? _server;

    public FauxqsServer Server => _server ?? throw new InvalidOperationException("fauxqs has not started.");

    // Longer than the longest long poll (20 s), so a wait never looks like a timeout.
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public SqsClient Client(string region = "us-east-1", AwsCredentials? credentials = null, HttpClient? http = null) =>
        new(http ?? Http, new SqsClientOptions { ServiceUrl = Server.ServiceUrl, Region = region, Credentials = credentials ?? Credentials });

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
        Http.Dispose();
        try { Directory.Delete(_logDirectory, recursive: true); }
        catch (IOException) { }
    }
}
