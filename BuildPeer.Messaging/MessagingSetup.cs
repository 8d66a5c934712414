using System.Reflection;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Messages;
using BuildPeer.Wolverine.AmazonSqs;
using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine;

namespace BuildPeer.Messaging;

public static class MessagingSetup
{
    /// <summary>
    /// Wolverine for one service: its handlers (discovered in the service's assembly), the durable outbox and inbox on
    /// PostgreSQL through Marten (IntegrateWithWolverine in AddBuildPeerData), transactions applied to handlers that
    /// use a Marten session, and the pipeline's messages routed to the uploads queue on SQS.
    /// </summary>
    /// <param name="handlers">
    /// The service's own assembly, named rather than inferred: Wolverine pins one application assembly per process, so
    /// two hosts in one test process would otherwise both scan whichever assembly started first.
    /// </param>
    public static TBuilder AddBuildPeerMessaging<TBuilder>(this TBuilder builder, string serviceName, Assembly handlers, Action<WolverineOptions, MessagingOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var section = builder.Configuration.GetSection("Messaging");
        var options = section.Get<MessagingOptions>() ?? new MessagingOptions();
        // Bound alone: binding into the default array would keep its tail (e.g. two configured cooldowns and the default 30 s).
        if (section.GetSection(nameof(MessagingOptions.RetryCooldowns)).Get<TimeSpan[]>() is { Length: > 0 } cooldowns) options.RetryCooldowns = cooldowns;
        builder.Services.Configure<MessagingOptions>(section);
        builder.Services.AddSingleton<QueueDirectory>();
        // Before Wolverine starts: the queues (and their redrive) exist before anything sends or listens.
        builder.Services.AddHostedService<QueueProvisioner>();
        var aws = AwsSettings.From(builder.Configuration);
        var wolverineServices = builder.Services.Count;
        builder.Services.AddWolverine(opts =>
        {
            opts.ServiceName = serviceName;
            opts.ApplicationAssembly = handlers;
            // Handler code is generated ahead of time into the service's Internal/Generated and compiled with it: no
            // Roslyn at run time (half the memory). A handler without its generated code stops the service at start-up
            // (AssertAllPreGeneratedTypesExist), and CI regenerates the code and fails on any difference.
            opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
            // Nodes share the inbox and outbox: a leader hands a dead node's envelopes to the living.
            opts.Durability.Mode = DurabilityMode.Balanced;
            opts.Durability.KeepAfterMessageHandling = options.KeepHandledEnvelopesFor;
            opts.Durability.OutboxStaleTime = options.OutboxStaleAfter;
            opts.AutoBuildMessageStorageOnStartup = AutoCreate.None; // the owner's start-up migration builds it
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
            opts.Policies.UseDurableInboxOnAllListeners();
            opts.UseAmazonSqsTransport().UseClient(AwsServiceCollectionExtensions.CreateSqsClient(aws));
            opts.PublishMessage<ScanUpload>().ToSqsQueue(options.UploadsQueue);
            opts.PublishMessage<ProcessUpload>().ToSqsQueue(options.UploadsQueue);
            configure?.Invoke(opts, options);
        });
        builder.Services.CritterStackDefaults(defaults =>
        {
            foreach (var profile in new[] { defaults.Development, defaults.Production })
            {
                profile.GeneratedCodeMode = TypeLoadMode.Static;
                profile.AssertAllPreGeneratedTypesExist = true;
            }
        });
        MessagingAfterDatabase.Gate(builder.Services, wolverineServices);
        builder.Services.AddHealthChecks().AddCheck<AmazonSqsHealthCheck>("queue")
            .AddCheck<MessagingStartedHealthCheck>("messaging");
        return builder;
    }
}
