namespace BuildPeer.Api.Infrastructure.RateLimits;

public static class RateLimitServiceCollectionExtensions
{
    public static IServiceCollection AddBuildPeerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection("RateLimits"));
        services.AddSingleton<LocalRateCounter>();
        services.AddSingleton<SharedRateCounter>();
        return services;
    }

    public static IApplicationBuilder UseBuildPeerRateLimits(this IApplicationBuilder app) => app.UseMiddleware<RateLimitMiddleware>();
}
