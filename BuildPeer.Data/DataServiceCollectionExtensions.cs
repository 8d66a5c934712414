using BuildPeer.Data.Streams;
using JasperFx;
using Marten;
using Wolverine.Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildPeer.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The app-role data source (RLS applies) through Aspire.Npgsql, with its health check ("PostgreSql"), traces and
    /// metrics; Marten's upload streams on it, integrated with Wolverine (its outbox, inbox and dead letters in the
    /// service's own schema, <paramref name="messageSchema"/>: see <see cref="MessageStorageSchema"/>); the owner's start-up
    /// migration creates both's tables: AutoCreate.None here.
    /// </summary>
    public static TBuilder AddBuildPeerData<TBuilder>(this TBuilder builder, Func<DatabaseSettings, string> messageSchema) where TBuilder : IHostApplicationBuilder
    {
        var settings = DatabaseSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.AddNpgsqlDataSource(DatabaseSettings.ConnectionName,
            configureSettings: npgsql => npgsql.ConnectionString = settings.AppConnectionString,
            configureDataSourceBuilder: dataSource => dataSource.ConnectionStringBuilder.ApplicationName ??= AppDomain.CurrentDomain.FriendlyName);
        builder.Services.AddMarten(options =>
            {
                options.AutoCreateSchemaObjects = AutoCreate.None;
                UploadStreamStore.Configure(options);
            })
            .UseNpgsqlDataSource()
            .IntegrateWithWolverine(wolverine => wolverine.MessageStorageSchemaName = messageSchema(settings));
        builder.Services.AddSingleton<TenantSessions>();
        builder.Services.AddSingleton<MessagingReadiness>();
        builder.Services.AddSingleton<DatabaseMigrationService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseMigrationService>());
        return builder;
    }
}
