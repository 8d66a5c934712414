namespace BuildPeer.Api.Infrastructure;

/// <summary>RFC 7807 answers with a detail a person can act on.</summary>
public static class Problems
{
    public static IResult Validation(Dictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request is not valid.", detail: string.Join(" ", errors.Values.SelectMany(v => v)));

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{what} was not found, or you do not have access to it.");

    public static IResult Forbidden(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static IResult Conflict(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    public static IResult Unauthorized(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);
}
