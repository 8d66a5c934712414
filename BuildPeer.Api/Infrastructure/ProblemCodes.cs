using System.Text;

namespace BuildPeer.Api.Infrastructure;

/// <summary>
/// Every problem answer carries a stable machine-readable "code" beside its human title and detail, so clients branch on
/// the code, not on wording. Added in one place (ProblemDetailsOptions.CustomizeProblemDetails) for problems written by
/// handlers, the exception handlers, the rate limiter, the body limit and the status-code pages alike. A 409 is named
/// after its title ("Parts missing" → "parts-missing"), so each conflict keeps its own code.
/// </summary>
public static class ProblemCodes
{
    public const string Property = "code";

    public const string ValidationFailed = "validation-failed";
    public const string UnreadableRequest = "unreadable-request";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string BodyTooLarge = "body-too-large";
    public const string AccountLocked = "account-locked";
    public const string RateLimited = "rate-limited";
    public const string DependencyUnavailable = "dependency-unavailable";
    public const string InternalError = "internal-error";

    public static void Add(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey(Property)) return;
        if (For(problem.Status ?? context.HttpContext.Response.StatusCode, problem.Title, problem is HttpValidationProblemDetails) is { } code)
            problem.Extensions[Property] = code;
    }

    public static string? For(int status, string? title, bool validation) => status switch
    {
        400 => validation ? ValidationFailed : UnreadableRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        409 => Slug(title ?? "conflict"),
        413 => BodyTooLarge,
        423 => AccountLocked,
        429 => RateLimited,
        503 => DependencyUnavailable,
        >= 500 => InternalError,
        _ => null,
    };

    /// <summary>"Storage quota exceeded" → "storage-quota-exceeded".</summary>
    public static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        return slug.ToString().TrimEnd('-');
    }
}
