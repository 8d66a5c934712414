namespace BuildPeer.Api.Live;

public static class LiveServiceCollectionExtensions
{
    /// <summary>Live status: the LISTEN/NOTIFY listener (one connection per instance), the subscriber hub and the SSE streamer.</summary>
    public static IServiceCollection AddLiveStatus(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiveOptions>(configuration.GetSection("Live"));
        services.AddSingleton<LiveHub>();
        services.AddSingleton<LiveSnapshotLoader>();
        services.AddSingleton<LiveStreamer>();
        services.AddSingleton<UploadChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<UploadChangeListener>());
        services.AddHealthChecks().AddCheck<LiveListenerHealthCheck>("live-notifications");
        return services;
    }

    public static IEndpointRouteBuilder MapLiveStatus(this IEndpointRouteBuilder secured)
    {
        ProjectUploadsStreamEndpoint.Map(secured);
        UploadStreamEndpoint.Map(secured);
        return secured;
    }
}
