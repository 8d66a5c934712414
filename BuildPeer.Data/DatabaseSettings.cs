using Microsoft.Extensions.Configuration;
using Npgsql;

namespace BuildPeer.Data;

/// <summary>
/// Two roles on one database: the owner (from ConnectionStrings:uploadsdb) runs migrations and seeding;
/// the services use <see cref="AppRole"/>, to which row-level security applies.
/// </summary>
public sealed record DatabaseSettings(string OwnerConnectionString, string AppRole, string AppPassword)
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
        return new DatabaseSettings(owner, configuration["Database:AppRole"] ?? "buildpeer_app", password);
    }
}
