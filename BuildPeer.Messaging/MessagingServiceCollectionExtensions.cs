using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Durable messaging in the shape of Wolverine's UseWolverine + UseAmazonSqsTransport + PersistMessagesWithPostgresql:
    /// routes, the outbox and its relay. Call <see cref="AddSqsListener"/> on nodes that handle messages.
    /// </summary>
    public static IServiceCollection AddDurableMessaging(this IServiceCollection services, IConfiguration configuration, Action<MessageTypeRegistry> routes)
    {
        services.Configure<MessagingOptions>(configuration.GetSection("Messaging"));
        var registry = new MessageTypeRegistry();
        routes(registry);
        services.AddSingleton(registry);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<DurableOutbox>();
        services.AddSingleton<QueueDirectory>();
        services.AddSingleton<DeadLetterQueueCleaner>();
        services.AddSingleton<HandlerInvoker>();
        services.AddHostedService<QueueProvisioner>();
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        return services;
    }

    public static IServiceCollection AddSqsListener(this IServiceCollection services, RetryPolicy retryPolicy)
    {
        services.AddSingleton(retryPolicy);
        services.AddSingleton<SqsListener>();
        services.AddHostedService(sp => sp.GetRequiredService<SqsListener>());
        return services;
    }

    public static IServiceCollection AddMessageHandler<TMessage, THandler>(this IServiceCollection services)
        where THandler : class, IMessageHandler<TMessage>
    {
        services.AddSingleton<IMessageHandler<TMessage>, THandler>();
        if (typeof(IDeadLetterHandler<TMessage>).IsAssignableFrom(typeof(THandler)))
            services.AddSingleton(typeof(IDeadLetterHandler<TMessage>), sp => sp.GetRequiredService<IMessageHandler<TMessage>>());
        return services;
    }
}
