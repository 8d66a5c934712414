using System.Collections;
using BuildPeer.Hosting.Orchestration;
using BuildPeer.Hosting.Publishing;

namespace BuildPeer.Hosting;

/// <summary>The built application: <c>run</c> starts it locally, <c>publish</c> writes its manifest.</summary>
public sealed class DistributedApplication
{
    internal DistributedApplication(DistributedApplicationModel model, DistributedApplicationExecutionContext executionContext, IReadOnlyList<Func<string>> runNotes)
    {
        Model = model;
        ExecutionContext = executionContext;
        RunNotes = runNotes;
    }

    public DistributedApplicationModel Model { get; }
    public DistributedApplicationExecutionContext ExecutionContext { get; }
    public IReadOnlyList<Func<string>> RunNotes { get; }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => CreateBuilder(args, CurrentEnvironment());

    /// <summary>With an explicit environment, so tests can model what run mode does with a user's variables.</summary>
    public static DistributedApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string> environmentVariables) =>
        new(AppHostOptions.Parse(args), environmentVariables);

    /// <summary>Runs or publishes; returns the process exit code.</summary>
    public Task<int> RunAsync(CancellationToken ct = default) => ExecutionContext.IsPublishMode
        ? ManifestPublisher.PublishAsync(this, Console.Out, ct)
        : new LocalOrchestrator(this, Console.Out).RunAsync(ct);

    public int Run() => RunAsync().GetAwaiter().GetResult();

    private static Dictionary<string, string> CurrentEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
}
