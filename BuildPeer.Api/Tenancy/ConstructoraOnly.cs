using BuildPeer.Api.Auth;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Api.Tenancy;

public static class ConstructoraOnly
{
    /// <summary>Null for a constructora; otherwise the 403 to answer.</summary>
    public static IResult? Check(CurrentUser user, string what) =>
        Roles.SeesAllProjects(user.Role) ? null : Problems.Forbidden($"Only a constructora can {what}.");
}
