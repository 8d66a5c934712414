using BuildPeer.ServiceDefaults.Health;
using BuildPeer.ServiceDefaults.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BuildPeer.ServiceDefaults;

/// <summary>
/// What both services share, as in eShop's ServiceDefaults: OpenTelemetry (exported over OTLP when the AppHost or the
/// deployment sets OTEL_EXPORTER_OTLP_ENDPOINT), health checks with /health and /alive, JSON logs, problem details.
/// </summary>
public static class Extensions
{
    public const string LiveTag = "live";
    private const string HealthPath = "/health";
    private const string AlivePath = "/alive";

    /// <summary>Our own activity sources and meters, beside the instrumentation libraries'.</summary>
    public static readonly string[] ActivitySources = ["Wolverine", "BuildPeer.Uploads", "BuildPeer.Processing"];
    // Wolverine names its meter after the service ("Wolverine:api", "Wolverine:processing").
    public static readonly string[] Meters = ["BuildPeer.Uploads", "BuildPeer.Processing", "Wolverine:*"];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.ConfigureOpenTelemetry();
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true; // tenant, user, request and upload ids
        });
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Meters))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(ActivitySources)
                .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                    !context.Request.Path.StartsWithSegments(HealthPath) && !context.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation()
                .AddNpgsql());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseMiddleware<RequestLogScopeMiddleware>();
        // /health: ready (every dependency); /alive: the process answers.
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag), ResponseWriter = HealthResponseWriter.WriteAsync });
        return app;
    }
}
