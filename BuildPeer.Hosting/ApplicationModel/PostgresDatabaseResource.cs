namespace BuildPeer.Hosting;

/// <summary>A database on a PostgreSQL server: a <c>value.v0</c> whose connection string is the server's plus <c>Database=</c>.</summary>
public sealed class PostgresDatabaseResource : ConnectionStringResource
{
    public PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent) : base(name)
    {
        DatabaseName = databaseName;
        Parent = parent;
        References.Add(parent);
    }

    public string DatabaseName { get; }
    public PostgresServerResource Parent { get; }

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
