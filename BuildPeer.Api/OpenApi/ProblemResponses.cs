using BuildPeer.Api.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace BuildPeer.Api.OpenApi;

/// <summary>
/// Declares the RFC 7807 answers an endpoint can give, for the OpenAPI document. What every /api endpoint shares
/// (401, 429, 503, and 400/413 for a body) is added by <see cref="ApiConventions"/>; endpoints declare their own.
/// </summary>
public static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    /// <summary>The 409 codes an endpoint can answer, named after the titles its handlers pass to <see cref="Problems.Conflict"/>.</summary>
    public sealed record ConflictCodes(IReadOnlyList<(string Code, string Title)> Conflicts);

    public static IProducesResponseTypeMetadata Metadata(int status) =>
        new ProducesResponseTypeMetadata(status, status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), [ContentType]);

    /// <summary>400 with "errors" per field (validation-failed).</summary>
    public static TBuilder ProducesValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblems(StatusCodes.Status400BadRequest);

    /// <summary>What <c>ProjectAccess.CheckAsync</c> answers: 404 (missing or another tenant's), 403 (not a member, or a role that may not).</summary>
    public static TBuilder ProducesProjectProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    /// <summary>What <c>UploadAccess.LoadAsync</c> answers: 404 for a missing or another tenant's upload, 403 for its project's rules.</summary>
    public static TBuilder ProducesUploadProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    /// <summary>409 with one code per title, e.g. ProducesConflicts("Parts missing", "Size mismatch").</summary>
    public static TBuilder ProducesConflicts<TBuilder>(this TBuilder builder, params string[] titles) where TBuilder : IEndpointConventionBuilder
    {
        builder.ProducesProblems(StatusCodes.Status409Conflict);
        var codes = new ConflictCodes(titles.Select(t => (ProblemCodes.Slug(t), t)).ToList());
        return builder.WithMetadata(codes);
    }

    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            foreach (var status in statuses)
                if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status)) endpoint.Metadata.Add(Metadata(status));
        });
        return builder;
    }

    /// <summary>What a client reads in the document for each problem status (the transformer adds it to the response).</summary>
    public static string Describe(int status) => status switch
    {
        400 => $"`{ProblemCodes.ValidationFailed}`: the request is not valid; `errors` names each field and what to send instead. " +
               $"`{ProblemCodes.UnreadableRequest}`: the JSON body could not be read.",
        401 => $"`{ProblemCodes.Unauthorized}`: no valid bearer token. Log in (POST /api/auth/login) or refresh the session (POST /api/auth/refresh).",
        403 => $"`{ProblemCodes.Forbidden}`: the caller's role or project membership does not allow this; the detail says whom to ask.",
        404 => $"`{ProblemCodes.NotFound}`: missing, or belonging to another tenant (the API does not tell them apart).",
        409 => "Conflicts with the current state; `code` says which:",
        413 => $"`{ProblemCodes.BodyTooLarge}`: JSON bodies are limited to {RequestBodyLimit.MaxBytes / 1024} KB. File bytes go to the upload URL, not to the API.",
        423 => $"`{ProblemCodes.AccountLocked}`: too many failed logins; `Retry-After` says when to try again.",
        429 => $"`{ProblemCodes.RateLimited}`: over the per-user (or per-IP, without a token) limit; retry after `Retry-After` seconds.",
        503 => $"`{ProblemCodes.DependencyUnavailable}`: the database, file storage or queue is not reachable. Nothing was lost; retry after `Retry-After` seconds.",
        _ => "A problem (RFC 7807).",
    };

    public static (string Title, string Detail) Example(int status) => status switch
    {
        400 => ("The request is not valid.", "size must be between 1 byte and 5 GB."),
        401 => ("Unauthorized", "The email or password is not correct."),
        403 => ("Forbidden", "You are not a member of this project. Ask your constructora to add you."),
        404 => ("Not found", "Upload 0198f3a2-7c41-7d0e-9b6a-3f2d1c0e5a77 was not found, or you do not have access to it."),
        413 => ("Request body too large", $"The API accepts JSON bodies up to {RequestBodyLimit.MaxBytes / 1024} KB. File bytes go to the upload URL, not to the API."),
        423 => ("Account locked", "Too many failed logins. Try again in 15 minutes or ask your constructora to reset your password."),
        429 => ("Too many requests", "Limit: 100 requests and 50 upload initiations per minute per user, 100 per minute per IP address without a token. Retry after 37 s."),
        503 => ("Temporarily unavailable", $"The database is not reachable right now. Nothing was lost; retry in {DependencyUnavailableHandler.RetryAfterSeconds} seconds."),
        _ => ("Problem", "Something went wrong."),
    };

    /// <summary>Statuses that come with a Retry-After header (seconds).</summary>
    public static bool HasRetryAfter(int status) => status is 423 or 429 or 503;
}
