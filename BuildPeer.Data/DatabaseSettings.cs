using Microsoft.Extensions.Configuration;
using Npgsql;

namespace BuildPeer.Data;

/// <summary>
/// Two roles on one database: the owner (from ConnectionStrings:uploadsdb) runs migrations and seeding;
/// the services use <see cref="AppRole"/>, to which row-level security applies. Wolverine's tables live in schemas
/// named from <see cref="MessageSchemaPrefix"/> (see <see cref="MessageStorageSchema"/>): deployments that share a
/// database but not their queues (a preview environment, a test with a queue of its own) need their own.
/// </summary>
public sealed record DatabaseSettings(string OwnerConnectionString, string AppRole, string AppPassword, string MessageSchemaPrefix = "wolverine")
{
    public const string ConnectionName = "uploadsdb";

    public string AppConnectionString
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(OwnerConnectionString) { Username = AppRole, Password = AppPassword };
            return builder.ConnectionString;
        }
    }

    public static DatabaseSettings From(IConfiguration configuration)
    {
        var owner = configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings__{ConnectionName} is not set. Run through the AppHost (README) or set it to a PostgreSQL connection string.");
        var ownerBuilder = new NpgsqlConnectionStringBuilder(owner);
        // Without its own secret, the app role shares the owner's password: one secret to rotate, two roles.
        var password = configuration["Database:AppPassword"] ?? ownerBuilder.Password ?? "";
        var prefix = configuration["Database:MessageSchemaPrefix"] ?? "wolverine";
        if (!System.Text.RegularExpressions.Regex.IsMatch(prefix, "^[a-z][a-z0-9_]{0,39}$"))
            throw new InvalidOperationException($"Database__MessageSchemaPrefix '{prefix}' is not a schema name: use lower-case letters, digits and _ (at most 40), starting with a letter.");
        return new DatabaseSettings(owner, configuration["Database:AppRole"] ?? "buildpeer_app", password, prefix);
    }
}
