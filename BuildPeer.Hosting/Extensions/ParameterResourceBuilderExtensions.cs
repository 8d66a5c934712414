namespace BuildPeer.Hosting;

public static class ParameterResourceBuilderExtensions
{
    /// <summary>
    /// An input of the application. A secret without a default is generated (at least <paramref name="minLength"/>
    /// characters) and, in run mode, kept in the state folder's secrets.json so it stays the same between runs.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this DistributedApplicationBuilder builder, string name,
        string? defaultValue = null, bool secret = false, int minLength = 22)
    {
        ParameterDefault? @default = defaultValue is not null ? new ConstantParameterDefault(defaultValue)
            : secret ? new GenerateParameterDefault(minLength)
            : null;
        return builder.AddResource(new ParameterResource(name, @default, secret));
    }

    /// <summary>In run mode the first of these variables set in the AppHost's environment gives the value.</summary>
    public static IResourceBuilder<ParameterResource> WithValueFromEnvironment(this IResourceBuilder<ParameterResource> builder, params string[] variables)
    {
        builder.Resource.ValueVariables.AddRange(variables);
        return builder;
    }
}
