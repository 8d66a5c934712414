using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Postgresql;

namespace BuildPeer.Data;

/// <summary>
/// The owner's half of Wolverine's message storage (inbox, outbox, dead letters, nodes) in its own schema, at every
/// start: Wolverine creates or updates its tables, then the services' role gets DML on them. The services run with
/// AutoBuildMessageStorageOnStartup = None. These tables hold every tenant's envelopes and are read across tenants by
/// Wolverine's durability agent, so they carry no tenant policy; tenants never reach them (only Wolverine and the ops
/// endpoints, which filter by the envelope's tenant, do).
/// </summary>
public static class MessageStorageSchema
{
    public const string Schema = "wolverine";

    public static async Task ApplyAsync(DatabaseSettings settings, CancellationToken ct = default)
    {
        // Wolverine builds its store only inside a host: one that is never started, with no handlers, on the owner's role.
        using (var host = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings()).UseWolverineStorageOnly(settings.OwnerConnectionString))
            await host.Services.GetRequiredService<IMessageStore>().Admin.MigrateAsync();

        await using var conn = new NpgsqlConnection(settings.OwnerConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            grant usage on schema {Schema} to {settings.AppRole};
            grant select, insert, update, delete on all tables in schema {Schema} to {settings.AppRole};
            grant usage, select on all sequences in schema {Schema} to {settings.AppRole};
            grant execute on all functions in schema {Schema} to {settings.AppRole};
            """, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static IHost UseWolverineStorageOnly(this HostApplicationBuilder builder, string connectionString)
    {
        builder.Services.AddWolverine(opts =>
        {
            opts.Discovery.DisableConventionalDiscovery();
            opts.Durability.Mode = DurabilityMode.MediatorOnly;
            opts.PersistMessagesWithPostgresql(connectionString, Schema);
        });
        return builder.Build();
    }
}
