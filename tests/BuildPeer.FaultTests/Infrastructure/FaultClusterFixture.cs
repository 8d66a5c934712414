using Xunit.Abstractions;
using Xunit.Sdk;

namespace BuildPeer.FaultTests.Infrastructure;

/// <summary>
/// One <see cref="FaultCluster"/> for the tests of a class (starting it costs ~15 s on two cores). Every test makes
/// its own tenants and checks only its own uploads. The temp folder with every process's log is kept when a test
/// failed (or with BUILDPEER_FAULT_KEEP_LOGS=1) and deleted otherwise.
/// </summary>
public sealed class FaultClusterFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    /// <summary>Shown by `dotnet test` at its default verbosity (xunit.runner.json turns diagnostic messages on).</summary>
    public void Announce(string line) => diagnostics.OnMessage(new DiagnosticMessage(line));

    public FaultSettings Settings { get; } = FaultSettings.FromEnvironment();
    public FaultCluster Cluster { get; } = new();
    public bool AnyTestFailed { get; set; }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await Cluster.StartAsync(timeout.Token);
        }
        catch (Exception e)
        {
            Cluster.KeepFiles = true;
            var tails = Cluster.LogTails();
            await Cluster.DisposeAsync();
            throw new InvalidOperationException($"The fault cluster did not start: {e.Message}\nLogs in {Cluster.Root}:\n{tails}", e);
        }
    }

    public async Task DisposeAsync()
    {
        Cluster.KeepFiles = AnyTestFailed || Settings.KeepLogs;
        await Cluster.DisposeAsync();
        if (Cluster.KeepFiles) Announce($"fault suite: logs and database files kept in {Cluster.Root}");
    }
}
