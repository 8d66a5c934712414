using System.Text.Json;

namespace BuildPeer.Hosting.Publishing;

/// <summary>
/// Writes one resource's manifest entry, following dotnet/aspire's ManifestPublishingContext:
/// <c>parameter.v0</c>, <c>container.v0</c>, <c>value.v0</c> and <c>project.v0</c>, with their fields in Aspire's order.
/// </summary>
public sealed class ManifestPublishingContext(DistributedApplicationExecutionContext executionContext, string manifestPath, Utf8JsonWriter writer)
{
    public Utf8JsonWriter Writer { get; } = writer;

    public void WriteResource(Resource resource)
    {
        switch (resource)
        {
            case ParameterResource parameter: WriteParameter(parameter); break;
            case PostgresServerResource server: WriteContainer(server, PostgresServerResource.Image); break;
            case ProjectResource project: WriteProject(project); break;
            case ConnectionStringResource value: WriteValue(value); break;
            default: throw new NotSupportedException($"{resource.Name}: no manifest format for {resource.GetType().Name}.");
        }
    }

    /// <summary>A path relative to the manifest's folder, with forward slashes.</summary>
    public string GetManifestRelativePath(string path) =>
        Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, path).Replace('\\', '/');

    private void WriteParameter(ParameterResource parameter)
    {
        Writer.WriteString("type", "parameter.v0");
        Writer.WriteString("value", $"{{{parameter.Name}.inputs.value}}");
        Writer.WriteStartObject("inputs");
        Writer.WriteStartObject("value");
        Writer.WriteString("type", "string");
        if (parameter.Secret) Writer.WriteBoolean("secret", true);
        if (parameter.Default is { } @default)
        {
            Writer.WriteStartObject("default");
            @default.WriteToManifest(Writer);
            Writer.WriteEndObject();
        }
        Writer.WriteEndObject();
        Writer.WriteEndObject();
    }

    private void WriteContainer(ConnectionStringResource container, string image)
    {
        Writer.WriteString("type", "container.v0");
        WriteConnectionString(container);
        Writer.WriteString("image", image);
        WriteEnvironment(container);
        WriteBindings(container);
    }

    private void WriteValue(ConnectionStringResource value)
    {
        Writer.WriteString("type", "value.v0");
        WriteConnectionString(value);
    }

    private void WriteProject(ProjectResource project)
    {
        Writer.WriteString("type", "project.v0");
        Writer.WriteString("path", GetManifestRelativePath(project.ProjectPath));
        WriteEnvironment(project);
        WriteBindings(project);
    }

    private void WriteConnectionString(ConnectionStringResource resource) =>
        Writer.WriteString("connectionString", resource.ConnectionStringExpression.ValueExpression);

    private void WriteEnvironment(Resource resource)
    {
        var context = EnvironmentCallbackContext.Evaluate(resource, executionContext);
        if (context.EnvironmentVariables.Count == 0) return;
        Writer.WriteStartObject("env");
        foreach (var (name, value) in context.EnvironmentVariables)
            Writer.WriteString(name, value as string ?? ((IManifestExpressionProvider)value).ValueExpression);
        Writer.WriteEndObject();
    }

    private void WriteBindings(Resource resource)
    {
        if (resource.Endpoints.Count == 0) return;
        Writer.WriteStartObject("bindings");
        foreach (var endpoint in resource.Endpoints)
        {
            Writer.WriteStartObject(endpoint.Name);
            Writer.WriteString("scheme", endpoint.UriScheme);
            Writer.WriteString("protocol", endpoint.Protocol);
            Writer.WriteString("transport", endpoint.Transport);
            if (endpoint.TargetPort is { } targetPort) Writer.WriteNumber("targetPort", targetPort);
            if (endpoint.IsExternal) Writer.WriteBoolean("external", true);
            Writer.WriteEndObject();
        }
        Writer.WriteEndObject();
    }
}
