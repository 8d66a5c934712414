namespace BuildPeer.Api.Ops;

public static class OpsServiceCollectionExtensions
{
    /// <summary>The ops sampler (a timer), the OpenTelemetry gauges that read it, and the health probe of the ops view.</summary>
    public static IServiceCollection AddOpsView(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OpsOptions>(configuration.GetSection("Ops"));
        services.AddHttpClient("ops");
        services.AddSingleton<OpsHealthProbe>();
        services.AddSingleton<OpsSampler>();
        services.AddSingleton<UploadMetrics>();
        // Resolving the gauges here creates them at start-up; nothing else asks for them.
        services.AddHostedService(sp =>
        {
            sp.GetRequiredService<UploadMetrics>();
            return sp.GetRequiredService<OpsSampler>();
        });
        return services;
    }

    public static IEndpointRouteBuilder MapOpsView(this IEndpointRouteBuilder secured)
    {
        OpsOverviewEndpoint.Map(secured);
        return secured;
    }
}
