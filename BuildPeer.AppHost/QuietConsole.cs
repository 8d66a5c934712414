using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildPeer.AppHost;

/// <summary>
/// The AppHost's own console shows warnings and errors only: a person reads the ready banner, and everything else
/// (each resource's console and structured logs, traces, metrics) is in the dashboard.
/// </summary>
public static class QuietConsole
{
    public static IDistributedApplicationBuilder WithQuietConsole(this IDistributedApplicationBuilder builder)
    {
        builder.Services.AddLogging(logging => logging
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning)
            // "No trusted Aspire development certificate": these machines run the dashboard over plain HTTP on loopback.
            .AddFilter("Aspire.Hosting.Dcp.DcpHost", LogLevel.Error));
        return builder;
    }
}
