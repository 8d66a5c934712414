using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Postgresql;

namespace BuildPeer.Data;

/// <summary>
/// Wolverine's message storage (inbox, outbox, dead letters, nodes), one schema per service. Wolverine's nodes form
/// one cluster per schema, and its durability agent hands a stranded envelope to whichever node of the cluster it runs
/// on: the API, which has no handlers, must never be handed a Processing message, so the two do not share a schema
/// (Wolverine's advice for several applications in one database). The owner builds both at every start, then the
/// services' role gets DML on them; the services run with AutoBuildMessageStorageOnStartup = None. These tables hold
/// every tenant's envelopes and are read across tenants by the durability agent, so they carry no tenant policy;
/// tenants never reach them (only Wolverine and the ops endpoints, which filter by the envelope's tenant, do).
/// </summary>
public static class MessageStorageSchema
{
    /// <summary>The API's outbox ("wolverine_api" by default).</summary>
    public static string Api(DatabaseSettings settings) => settings.MessageSchemaPrefix + "_api";

    /// <summary>The pipeline's inbox, its outbox and its dead letters ("wolverine_processing" by default).</summary>
    public static string Processing(DatabaseSettings settings) => settings.MessageSchemaPrefix + "_processing";

    public static string[] All(DatabaseSettings settings) => [Api(settings), Processing(settings)];

    public static async Task ApplyAsync(DatabaseSettings settings, CancellationToken ct = default)
    {
        await using var owner = NpgsqlDataSource.Create(settings.OwnerConnectionString);
        foreach (var schema in All(settings))
        {
            using (var store = DetachedMessageStore.Open(owner, schema)) await store.Store.Admin.MigrateAsync();
            await using var cmd = owner.CreateCommand($"""
                grant usage on schema {schema} to {settings.AppRole};
                grant select, insert, update, delete on all tables in schema {schema} to {settings.AppRole};
                grant usage, select on all sequences in schema {schema} to {settings.AppRole};
                grant execute on all functions in schema {schema} to {settings.AppRole};
                """);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}

/// <summary>
/// One service's message store reached from outside that service: Wolverine builds a store only inside a host, so
/// this is a host that is never started (no handlers, no agents, no listeners), kept for its store.
/// </summary>
public sealed class DetachedMessageStore : IDisposable
{
    private readonly IHost _host;

    private DetachedMessageStore(IHost host) => _host = host;

    public IMessageStore Store => _host.Services.GetRequiredService<IMessageStore>();

    public static DetachedMessageStore Open(NpgsqlDataSource dataSource, string schema)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddWolverine(opts =>
        {
            opts.Discovery.DisableConventionalDiscovery();
            opts.Durability.Mode = DurabilityMode.MediatorOnly;
            // The services bump stale outbox envelopes (MessagingOptions.OutboxStaleAfter), which needs the outgoing
            // table's timestamp column: the store that builds the tables must know it is wanted (only that it is set matters).
            opts.Durability.OutboxStaleTime = TimeSpan.FromMinutes(5);
            opts.PersistMessagesWithPostgresql(dataSource, schema);
        });
        return new DetachedMessageStore(builder.Build());
    }

    public void Dispose() => _host.Dispose();
}
