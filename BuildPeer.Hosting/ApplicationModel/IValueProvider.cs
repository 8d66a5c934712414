namespace BuildPeer.Hosting;

/// <summary>A value known when the application runs: a port, a password, a connection string.</summary>
public interface IValueProvider
{
    /// <summary>The run-time value; available once parameters are resolved and ports allocated.</summary>
    string GetValue();
}

/// <summary>How a value is written in the manifest, e.g. <c>{postgres.bindings.tcp.port}</c>.</summary>
public interface IManifestExpressionProvider
{
    string ValueExpression { get; }
}
