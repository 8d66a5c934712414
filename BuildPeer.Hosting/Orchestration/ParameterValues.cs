namespace BuildPeer.Hosting.Orchestration;

/// <summary>
/// Gives every parameter its run-time value, first found wins: its own environment variables
/// (<see cref="ParameterResource.ValueVariables"/>), <c>Parameters__&lt;name&gt;</c> (Aspire's configuration key),
/// a persisted generated secret, its default (generated secrets are persisted).
/// </summary>
public static class ParameterValues
{
    public static void Resolve(DistributedApplicationModel model, DistributedApplicationExecutionContext execution, SecretStore secrets)
    {
        foreach (var parameter in model.Resources.OfType<ParameterResource>()) Resolve(parameter, execution, secrets);
    }

    private static void Resolve(ParameterResource parameter, DistributedApplicationExecutionContext execution, SecretStore secrets)
    {
        var configured = parameter.ValueVariables
            .Append($"Parameters__{parameter.Name}")
            .Append($"Parameters__{parameter.Name.Replace('-', '_')}") // shells cannot export names with '-'
            .Select(execution.GetEnvironmentVariable)
            .FirstOrDefault(v => v is not null);
        if (configured is not null)
        {
            parameter.Value = configured;
            return;
        }

        switch (parameter.Default)
        {
            case GenerateParameterDefault generate:
                var persisted = secrets.Get(parameter.Name);
                parameter.WasGenerated = persisted is null;
                parameter.Value = persisted ?? generate.GetDefaultValue();
                if (parameter.WasGenerated) secrets.Set(parameter.Name, parameter.Value);
                break;
            case { } @default:
                parameter.Value = @default.GetDefaultValue();
                break;
            default:
                throw new InvalidOperationException($"Parameter '{parameter.Name}' has no value: set Parameters__{parameter.Name.Replace('-', '_')}.");
        }
    }
}
