namespace BuildPeer.Api.Caching;

public static class RedisRegistration
{
    public const string ConnectionName = "redis";

    /// <summary>
    /// Aspire's Redis client (telemetry, logging) when ConnectionStrings:redis is set; its own health check is
    /// replaced by <see cref="RedisHealthCheck"/>, which says Degraded where Aspire's would say Unhealthy.
    /// </summary>
    public static IHostApplicationBuilder AddBuildPeerRedis(this IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionName)))
        {
            builder.AddRedisClient(ConnectionName, settings => settings.DisableHealthChecks = true, options =>
            {
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2000;
                options.AsyncTimeout = 1000;
                options.SyncTimeout = 1000;
                options.ConnectRetry = 1;
            });
            builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(ConnectionName);
        }
        builder.Services.AddSingleton<RedisAvailability>();
        builder.Services.AddSingleton<UploadStatusCache>();
        return builder;
    }
}
