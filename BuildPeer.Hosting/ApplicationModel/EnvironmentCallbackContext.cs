namespace BuildPeer.Hosting;

/// <summary>
/// What an environment callback fills in: variable name → a string, or a value that is an expression in the
/// manifest and a concrete value when running (<see cref="IValueProvider"/> + <see cref="IManifestExpressionProvider"/>).
/// </summary>
public sealed class EnvironmentCallbackContext(DistributedApplicationExecutionContext executionContext)
{
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    /// <summary>Insertion-ordered, so the manifest lists variables in the order they were added.</summary>
    public Dictionary<string, object> EnvironmentVariables { get; } = [];

    /// <summary>Runs every callback of <paramref name="resource"/>, in the order they were added.</summary>
    public static EnvironmentCallbackContext Evaluate(Resource resource, DistributedApplicationExecutionContext executionContext)
    {
        var context = new EnvironmentCallbackContext(executionContext);
        foreach (var callback in resource.EnvironmentCallbacks) callback(context);
        return context;
    }

    /// <summary>The run-time values.</summary>
    public IReadOnlyDictionary<string, string> Resolve() => EnvironmentVariables.ToDictionary(
        e => e.Key,
        e => e.Value as string ?? ((IValueProvider)e.Value).GetValue());
}
