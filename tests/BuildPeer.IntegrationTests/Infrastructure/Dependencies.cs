using BuildPeer.TestSupport;

namespace BuildPeer.IntegrationTests.Infrastructure;

/// <summary>
/// Real PostgreSQL, fauxqs (S3+SQS) and clamd, started once for the test run by the AppHost's dependencies-only mode
/// (Aspire.Hosting.Testing) with their data in a temporary folder, and stopped by it at the end.
/// </summary>
public sealed class Dependencies : IAsyncLifetime
{
    private readonly TemporaryDirectory _state = new("it");
    private AppHostDependencies? _deps;

    private AppHostDependencies Deps => _deps ?? throw new InvalidOperationException("The dependencies have not started.");

    public string OwnerConnectionString => Deps.PostgresConnectionString;
    public string FauxqsServiceUrl => Deps.AwsServiceUrl;
    public int FauxqsPort => new Uri(Deps.AwsServiceUrl).Port;
    /// <summary>The emulator's own process, for SIGSTOP/SIGCONT (its port belongs to DCP's proxy, which keeps accepting).</summary>
    public int FauxqsPid => Deps.PidOf(AppHostDependencies.Aws);
    public string ClamdConnectionString => Deps.ClamdConnectionString;

    public async Task InitializeAsync() => _deps = await AppHostDependencies.StartAsync(_state.Path);

    public async Task DisposeAsync()
    {
        if (_deps is not null) await _deps.DisposeAsync();
        _state.Dispose();
    }
}
