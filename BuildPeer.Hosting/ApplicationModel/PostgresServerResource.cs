namespace BuildPeer.Hosting;

/// <summary>
/// PostgreSQL: a local server in run mode, the <c>postgres</c> container in the manifest (as Aspire's
/// PostgresServerResource writes it). The superuser is <c>postgres</c>.
/// </summary>
public sealed class PostgresServerResource : ConnectionStringResource, IResourceWithEnvironment, IResourceWithEndpoints
{
    public const string Image = "docker.io/library/postgres:15";
    public const string UserName = "postgres";

    public PostgresServerResource(string name, ParameterResource password, int localPort) : base(name)
    {
        Password = password;
        PrimaryEndpoint = new Endpoint(this, "tcp", "tcp", "tcp") { TargetPort = 5432, LocalPort = localPort };
        Endpoints.Add(PrimaryEndpoint);
        References.Add(password);
    }

    public ParameterResource Password { get; }
    public Endpoint PrimaryEndpoint { get; }

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password}");
}
