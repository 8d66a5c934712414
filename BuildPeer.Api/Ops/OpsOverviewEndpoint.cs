using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Uploads.Rules;
using Microsoft.Extensions.Options;
using Npgsql;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Ops;

public static class OpsOverviewEndpoint
{
    public const string TenantScope = "tenant";
    public const string AllTenantsScope = "all";

    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/ops/overview", HandleAsync).WithName("OpsOverview")
        .WithSummary("Dependency health, queues and the last hour's upload figures (constructora: own tenant; operador: all)")
        .Produces<OpsOverview>().ProducesProblems(StatusCodes.Status403Forbidden);

    /// <summary>
    /// The ops view: dependency health and queue depths (shared by every tenant), and the last hour from the same
    /// sample the OpenTelemetry gauges export: a constructora's own tenant, or for an operador every tenant, with
    /// activity per tenant and failures without file or project names (operators see no tenant's files).
    /// </summary>
    public static async Task<IResult> HandleAsync(HttpContext http, OpsSampler sampler, OpsHealthProbe probe, NpgsqlDataSource db,
        IOptions<OpsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var operador = user.Role == Roles.Operador;
        if (!operador && user.Role != Roles.Constructora)
            return Problems.Forbidden("The ops view is for constructoras and BuildPeer operators. Ask your constructora for the numbers you need.");

        var sample = sampler.GetAsync(options.Value.MaxSampleAge, ct);
        var health = probe.CheckAsync(ct);
        var failures = OpsQueries.RecentFailuresAsync(db, operador ? null : user.TenantId, options.Value.RecentFailures, ct);
        await Task.WhenAll(sample, health, failures);

        var s = sample.Result;
        if (!operador)
        {
            return Results.Ok(new OpsOverview(clock.GetUtcNow(), s.TakenAt, TenantScope, user.TenantId, health.Result,
                s.Uploads, s.DeadLetters, s.ForTenant(user.TenantId), failures.Result));
        }
        var tenantNames = s.AllTenants.Activity.GroupBy(a => a.TenantId).ToDictionary(g => g.Key, g => g.First().TenantName);
        return Results.Ok(new OpsOverview(clock.GetUtcNow(), s.TakenAt, AllTenantsScope, null, health.Result, s.Uploads, s.DeadLetters,
            s.AllTenants.PerTenant(), failures.Result.Select(f => f.WithoutTenantData(tenantNames.GetValueOrDefault(f.TenantId))).ToList()));
    }
}
