using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BuildPeer.ServiceDefaults;

/// <summary>
/// OpenTelemetry over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set. OpenTelemetry.Extensions.Hosting and the
/// instrumentation packages are not installable here, so the SDK providers are built directly and listen to the
/// activity sources and meters ASP.NET Core, Npgsql and our code already emit.
/// </summary>
public static class OpenTelemetryExtensions
{
    public static readonly string[] ActivitySources = ["Microsoft.AspNetCore", "Npgsql", "BuildPeer.Messaging", "BuildPeer.Uploads", "BuildPeer.Processing"];
    public static readonly string[] Meters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql", "BuildPeer.Uploads", "BuildPeer.Processing"];

    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        var endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint)) return builder;

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.SetResourceBuilder(resource);
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.AddOtlpExporter();
        });
        var tracer = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(ActivitySources).AddOtlpExporter().Build();
        var meter = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Meters).AddOtlpExporter().Build();
        // Held by the container so they flush and stop with the host.
        builder.Services.AddSingleton(tracer);
        builder.Services.AddSingleton(meter);
        return builder;
    }
}
