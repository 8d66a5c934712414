using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Uploads.Rules;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.Api.Ops;

public static class OpsOverviewEndpoint
{
    public const string TenantScope = "tenant";

    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/ops/overview", HandleAsync).WithName("OpsOverview");

    /// <summary>
    /// The ops view for a constructora: dependency health and queue depths (shared by every tenant), and its own
    /// tenant's last hour from the same sample the OpenTelemetry gauges export.
    /// </summary>
    public static async Task<IResult> HandleAsync(HttpContext http, OpsSampler sampler, OpsHealthProbe probe, NpgsqlDataSource db,
        IOptions<OpsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (user.Role != Roles.Constructora)
            return Problems.Forbidden("The ops view is for constructoras. Ask yours for the numbers you need.");

        var sample = sampler.GetAsync(options.Value.MaxSampleAge, ct);
        var health = probe.CheckAsync(ct);
        var failures = OpsQueries.RecentFailuresAsync(db, user.TenantId, options.Value.RecentFailures, ct);
        await Task.WhenAll(sample, health, failures);

        return Results.Ok(new OpsOverview(clock.GetUtcNow(), sample.Result.TakenAt, TenantScope, user.TenantId, health.Result,
            sample.Result.Uploads, sample.Result.DeadLetters, sample.Result.ForTenant(user.TenantId), failures.Result));
    }
}
