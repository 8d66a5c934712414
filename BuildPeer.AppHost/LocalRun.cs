using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace BuildPeer.AppHost;

/// <summary>
/// Settings of a local run: where data is kept (<c>BuildPeer:StateDir</c>, default <c>&lt;repo&gt;/.state</c>), whether only
/// the dependencies start (<c>BuildPeer:DependenciesOnly</c>, for the integration tests), whether the demo tenant is seeded
/// (<c>BuildPeer:Demo</c>, default true) and the web page's port (5080 when it is free; a user types that one).
/// </summary>
public sealed record LocalRun(string RepositoryRoot, string StateDirectory, bool DependenciesOnly, bool Demo, int? WebPagePort)
{
    public const int PreferredWebPagePort = 5080;

    public static LocalRun From(IDistributedApplicationBuilder builder)
    {
        var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var config = builder.Configuration;
        var state = Path.GetFullPath(config["BuildPeer:StateDir"] ?? Path.Combine(root, ".state"));
        var webPagePort = config["BuildPeer:WebPagePort"] is { } port ? (port == "0" ? (int?)null : int.Parse(port))
            : IsFree(PreferredWebPagePort) ? PreferredWebPagePort : null;
        return new LocalRun(root, state, config.GetValue("BuildPeer:DependenciesOnly", false), config.GetValue("BuildPeer:Demo", true),
            builder.ExecutionContext.IsRunMode ? webPagePort : null);
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
