using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;

namespace BuildPeer.Api.OpenApi;

/// <summary>
/// Applied to the /api group after every endpoint's own conventions: the tag (the handler's folder), and the problem
/// answers every endpoint shares, so endpoint files declare only their own. 401 where a token is required; 400
/// (unreadable JSON) and 413 (over 1 MB) where there is a body; 429 (rate limits) and 503 (a dependency down) everywhere.
/// </summary>
public static class ApiConventions
{
    private static readonly Dictionary<string, string> Areas = new()
    {
        ["Auth"] = "Sign-in",
        ["Projects"] = "Projects",
        ["Tenancy"] = "Company",
        ["Uploads"] = "Uploads",
        ["Live"] = "Live status (SSE)",
        ["Audit"] = "Audit",
        ["Ops"] = "Ops",
        ["DeadLetters"] = "Dead letters",
    };

    public static IReadOnlyCollection<string> Tags => Areas.Values;

    public static RouteGroupBuilder WithApiDocumentation(this RouteGroupBuilder api)
    {
        ((IEndpointConventionBuilder)api).Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            if (!metadata.OfType<ITagsMetadata>().Any() && metadata.OfType<MethodInfo>().FirstOrDefault()?.DeclaringType?.Namespace is { } ns
                && Areas.TryGetValue(ns[(ns.LastIndexOf('.') + 1)..], out var area))
                metadata.Add(new TagsAttribute(area));

            var statuses = new List<int>();
            if (RequiresToken(metadata)) statuses.Add(StatusCodes.Status401Unauthorized);
            if (metadata.OfType<IAcceptsMetadata>().Any()) statuses.AddRange([StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge]);
            statuses.AddRange([StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable]);
            foreach (var status in statuses)
                if (!metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status)) metadata.Add(ProblemResponses.Metadata(status));
        });
        return api;
    }

    public static bool RequiresToken(IEnumerable<object> metadata)
    {
        var all = metadata.ToList();
        return all.OfType<IAuthorizeData>().Any() && !all.OfType<IAllowAnonymous>().Any();
    }
}
