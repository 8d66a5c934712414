using BuildPeer.Hosting.Local;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>clamd with its configuration and local signatures in <c>&lt;state&gt;/clamd</c>.</summary>
public static class ClamdLauncher
{
    public static async Task<RunningResource> StartAsync(ClamdResource clamd, LaunchContext context, CancellationToken ct)
    {
        var server = await ClamdServer.StartAsync(Path.Combine(context.StateDirectory, clamd.Name), clamd.PrimaryEndpoint.Port, ct,
            context.ProcessOptions(clamd));
        return new RunningResource(clamd, server.Process, server.ConnectionString, server);
    }
}
