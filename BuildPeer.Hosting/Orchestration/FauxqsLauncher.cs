using BuildPeer.Hosting.Local;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>The fauxqs S3+SQS emulator (state in memory), installed from tools/fauxqs's lock file on first use.</summary>
public static class FauxqsLauncher
{
    public static async Task<RunningResource> StartAsync(FauxqsResource fauxqs, LaunchContext context, CancellationToken ct)
    {
        var toolDirectory = Path.Combine(RepositoryPaths.Root, "tools", "fauxqs");
        if (!Directory.Exists(Path.Combine(toolDirectory, "node_modules", "fauxqs")))
            await ProcessRunner.RunAsync("npm", ["ci", "--prefix", toolDirectory, "--no-audit", "--no-fund"], ct);

        var server = await FauxqsServer.StartAsync(context.LogsDirectory, fauxqs.PrimaryEndpoint.Port, ct, context.ProcessOptions(fauxqs));
        return new RunningResource(fauxqs, server.Process, server.ServiceUrl, server);
    }
}
