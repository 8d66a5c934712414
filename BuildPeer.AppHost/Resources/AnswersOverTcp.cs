using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.AppHost.Resources;

/// <summary>
/// Healthy once the dependency itself answers its own liveness command (clamd's zPING, Redis' PING) with the
/// expected reply: DCP's proxy accepts connections before the process is up, so an open port proves nothing.
/// </summary>
public sealed class AnswersOverTcp(EndpointReference endpoint, byte[] command, string expectedReply) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port, ct);
            var stream = client.GetStream();
            await stream.WriteAsync(command, ct);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, ct);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.StartsWith(expectedReply, StringComparison.Ordinal)
                ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"answered '{answer.TrimEnd('\0', '\r', '\n')}'");
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
