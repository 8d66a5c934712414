using Scalar.AspNetCore;

namespace BuildPeer.Api.OpenApi;

/// <summary>The "OpenApi" section.</summary>
public sealed class OpenApiSettings
{
    /// <summary>Serve the Scalar reference page at /scalar. Null: on in Development (the local run), off elsewhere.</summary>
    public bool? Reference { get; set; }
}

/// <summary>
/// The OpenAPI 3.1 document at /openapi/v1.json (also written at build time to BuildPeer.Api/openapi/v1.json) and
/// the Scalar reference page at /scalar, whose script and styles come from the Scalar.AspNetCore package itself.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";

    /// <summary>True inside the build's document generator (Microsoft.Extensions.ApiDescription.Server), which builds the host but never starts it.</summary>
    public static bool IsBuildTimeGeneration =>
        System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>At build time no dependency is configured; registration only needs a well-formed connection string (nothing connects).</summary>
    public static void AddBuildTimePlaceholders(this ConfigurationManager configuration)
    {
        if (IsBuildTimeGeneration)
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:uploadsdb"] = "Host=openapi-build-time;Database=none" });
    }

    /// <summary>
    /// The generator starts the host (with no server): at build time the background services (migrations, seeding,
    /// bucket and queue set-up, the outbox relay, listeners) must not run, there is nothing for them to reach.
    /// </summary>
    public static void RemoveBackgroundServicesAtBuildTime(this IServiceCollection services)
    {
        if (!IsBuildTimeGeneration) return;
        var background = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name != "GenericWebHostService").ToList();
        foreach (var descriptor in background) services.Remove(descriptor);
    }

    public static IServiceCollection AddBuildPeerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1;
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer<DocumentTransformer>();
            options.AddOperationTransformer<OperationTransformer>();
            options.AddSchemaTransformer<ProblemSchemaTransformer>();
        });

    public static WebApplication MapBuildPeerOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        var settings = app.Configuration.GetSection("OpenApi").Get<OpenApiSettings>() ?? new OpenApiSettings();
        if (settings.Reference ?? app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference(ReferencePath, options => options
                .WithTitle("BuildPeer Uploads API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .AddDocument(DocumentName)
                .AddPreferredSecuritySchemes(DocumentTransformer.BearerScheme)
                // Nothing leaves for Scalar's servers: no CDN fonts, telemetry, AI agent, MCP or developer tools.
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools());
        }
        return app;
    }
}
