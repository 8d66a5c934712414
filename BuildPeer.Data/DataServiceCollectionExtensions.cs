using BuildPeer.EventStore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildPeer.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The app-role data source (RLS applies), the event store, and the start-up migration.
    /// Shaped like Aspire's AddNpgsqlDataSource("uploadsdb") + Marten's AddMarten().
    /// </summary>
    public static IServiceCollection AddBuildPeerData(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = DatabaseSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(_ =>
        {
            var builder = new NpgsqlDataSourceBuilder(settings.AppConnectionString);
            builder.ConnectionStringBuilder.ApplicationName ??= AppDomain.CurrentDomain.FriendlyName;
            return builder.Build();
        });
        services.AddSingleton(UploadEventStore.CreateOptions());
        services.AddSingleton<DocumentStore>();
        services.AddHostedService<DatabaseMigrationService>();
        return services;
    }
}
