namespace BuildPeer.Hosting;

/// <summary>A resource whose connection string is an expression over other resources' values.</summary>
public abstract class ConnectionStringResource(string name) : Resource(name), IResourceWithConnectionString
{
    public abstract ReferenceExpression ConnectionStringExpression { get; }

    public string ValueExpression => $"{{{Name}.connectionString}}";

    /// <summary>The existing connection string from the environment if there is one, else the expression's value.</summary>
    public string GetValue() => Existing?.Value ?? ConnectionStringExpression.GetValue();
}
