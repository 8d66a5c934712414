namespace BuildPeer.TestSupport;

/// <summary>
/// A built .NET service run as its own process (<c>dotnet &lt;assembly&gt;</c>), configured by environment variables and
/// ready when an HTTP path answers 200. The AppHost, the benchmark harness and the fault suite all run the API and
/// Processing this way.
/// </summary>
public static class DotnetService
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <param name="workingDirectory">Its content root; the assembly's folder when null, as in the service's container image.</param>
    public static LocalProcess Start(string name, string assemblyPath, IReadOnlyDictionary<string, string?> environment, string logPath,
        string? workingDirectory = null, IEnumerable<string>? arguments = null, LocalProcessOptions? options = null)
    {
        if (!File.Exists(assemblyPath)) throw new FileNotFoundException($"{name} is not built: {assemblyPath} is missing.", assemblyPath);
        var env = new Dictionary<string, string?>(environment)
        {
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        return LocalProcess.Start(name, "dotnet", [assemblyPath, .. arguments ?? []], logPath, env,
            workingDirectory ?? Path.GetDirectoryName(assemblyPath), options);
    }

    /// <summary>True when GET <paramref name="url"/> answers 200 now; false when it answers anything else or cannot be reached.</summary>
    public static async Task<bool> AnswersOkAsync(string url, CancellationToken ct)
    {
        try
        {
            using var response = await Probe.GetAsync(url, ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200; fails early with the log tail if the process exits.</summary>
    public static Task WaitUntilAnsweringAsync(LocalProcess process, string url, TimeSpan timeout, CancellationToken ct) =>
        process.WaitUntilReadyAsync(token => AnswersOkAsync(url, token), timeout, ct);
}
