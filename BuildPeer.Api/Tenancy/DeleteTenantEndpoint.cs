using BuildPeer.Api.Audit;
using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Data;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Rules;
using Dapper;
using BuildPeer.Api.OpenApi;

namespace BuildPeer.Api.Tenancy;

public sealed record DeleteTenantRequest(string? Confirm);

public static class DeleteTenantEndpoint
{
    public static void Map(IEndpointRouteBuilder api) => api.MapDelete("/tenants/{tenantId:guid}", HandleAsync).WithName("DeleteTenant")
        .WithSummary("Delete the company: every file and row (constructora; repeat the slug in confirm)")
        .Produces(StatusCodes.Status204NoContent).ProducesValidation().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    /// <summary>
    /// Deletes the company: every object under its S3 prefix, then all its rows (the audit trail stays). Only on an
    /// explicit request that repeats the tenant's slug in "confirm".
    /// </summary>
    public static async Task<IResult> HandleAsync(Guid tenantId, [Microsoft.AspNetCore.Mvc.FromBody] DeleteTenantRequest? request, HttpContext http, TenantSessions store, ObjectStorage storage, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (tenantId != user.TenantId) return Problems.NotFound($"Tenant {tenantId}");
        if (ConstructoraOnly.Check(user, "delete the company") is { } denied) return denied;

        await using var session = await store.OpenAsync(user.TenantId, ct);
        var slug = await session.Connection.ExecuteScalarAsync<string>(new CommandDefinition("select slug from tenants", transaction: null, cancellationToken: ct));
        if (request?.Confirm != slug)
            return Problems.Validation(new() { ["confirm"] = [$"To delete the company and all its files, send {{ \"confirm\": \"{slug}\" }}. This cannot be undone."] });

        var objects = 0;
        foreach (var prefix in ObjectKeys.TenantPrefixes(tenantId)) objects += await storage.DeletePrefixAsync(prefix, ct);
        await session.Connection.ExecuteAsync(new CommandDefinition("select tenant_purge(@tenantId)", new { tenantId }, null, cancellationToken: ct));
        await AuditLog.WriteAsync(session, http, user, AuditActions.TenantDeleted, tenantId.ToString(), detail: new { objects });
        await session.SaveChangesAsync(ct);
        return Results.NoContent();
    }
}
