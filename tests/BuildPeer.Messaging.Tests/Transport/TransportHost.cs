using BuildPeer.Wolverine.AmazonSqs;
using JasperFx.CodeGeneration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace BuildPeer.Messaging.Tests.Transport;

/// <summary>A Wolverine host on the SQS transport against the class's fauxqs, with only the test handlers.</summary>
public static class TransportHost
{
    public static IHostBuilder Builder(FauxqsFixture fauxqs, Action<WolverineOptions> configure) =>
        Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseWolverine(opts =>
            {
                opts.ServiceName = "transport-tests";
                opts.Durability.Mode = DurabilityMode.Solo;
                opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
                opts.Discovery.DisableConventionalDiscovery().IncludeType(typeof(NoteHandler)).IncludeType(typeof(SlowNoteHandler));
                opts.UseAmazonSqsTransport(config =>
                    {
                        config.ServiceURL = fauxqs.Server.ServiceUrl;
                        config.AuthenticationRegion = "us-east-1";
                        config.UseHttp = true;
                    })
                    .Credentials(FauxqsFixture.Credentials)
                    .AutoProvision();
                configure(opts);
            });

    public static Task<IHost> StartAsync(FauxqsFixture fauxqs, Action<WolverineOptions> configure) => Builder(fauxqs, configure).StartAsync();

    public static string UniqueQueue(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100);
        }
    }

    /// <summary>The SDK configuration the transport builds its client from (timeouts, retries).</summary>
    public static Amazon.SQS.AmazonSQSConfig UseAmazonSqsTransportConfig(this WolverineOptions opts) => opts.UseAmazonSqsTransport().Transport.Config;

    public static IMessageBus Bus(this IHost host) => host.Services.CreateScope().ServiceProvider.GetRequiredService<IMessageBus>();
}
