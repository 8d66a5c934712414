using System.Text.Json;
using BuildPeer.Api.Auth;
using BuildPeer.Data;
using Dapper;

namespace BuildPeer.Api.Audit;

public static class AuditActions
{
    public const string Login = "login";
    public const string Initiate = "upload.initiate";
    public const string Complete = "upload.complete";
    public const string Download = "upload.download";
    public const string Delete = "upload.delete";
    public const string MemberAdded = "member.add";
    public const string MemberRemoved = "member.remove";
    public const string UserCreated = "user.create";
    public const string RoleChanged = "user.role";
    public const string UserDeleted = "user.delete";
    public const string ProjectCreated = "project.create";
    public const string Export = "tenant.export";
    public const string TenantDeleted = "tenant.delete";
}

/// <summary>Writes the append-only audit trail in the caller's transaction, so an action and its record commit together.</summary>
public static class AuditLog
{
    public static Task WriteAsync(TenantSession session, HttpContext http, CurrentUser user, string action, string? target, string result = "ok", object? detail = null) =>
        session.Connection.ExecuteAsync(new CommandDefinition("""
            insert into audit_log (tenant_id, actor_id, actor_role, ip, action, target, result, detail)
            values (@tenant, @actor, @role, @ip, @action, @target, @result, @detail::jsonb)
            """, new
        {
            tenant = session.TenantId,
            actor = user.UserId,
            role = user.Role,
            ip = http.Connection.RemoteIpAddress?.ToString(),
            action,
            target,
            result,
            detail = detail is null ? null : JsonSerializer.Serialize(detail),
        }, null, cancellationToken: http.RequestAborted));
}
