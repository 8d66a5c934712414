using BuildPeer.EventStore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildPeer.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The app-role data source (RLS applies) through Aspire.Npgsql, with its health check ("PostgreSql"), traces and
    /// metrics; the event store; and the start-up migration, which runs as the owner.
    /// </summary>
    public static TBuilder AddBuildPeerData<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var settings = DatabaseSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.AddNpgsqlDataSource(DatabaseSettings.ConnectionName,
            configureSettings: npgsql => npgsql.ConnectionString = settings.AppConnectionString,
            configureDataSourceBuilder: dataSource => dataSource.ConnectionStringBuilder.ApplicationName ??= AppDomain.CurrentDomain.FriendlyName);
        builder.Services.AddSingleton(UploadEventStore.CreateOptions());
        builder.Services.AddSingleton<DocumentStore>();
        builder.Services.AddHostedService<DatabaseMigrationService>();
        return builder;
    }
}
