namespace BuildPeer.Api.OpenApi;

/// <summary>Documentation-only endpoint metadata that <see cref="OperationTransformer"/> writes into the document.</summary>
public static class OperationDocs
{
    /// <summary>An example of a request body (<see cref="Status"/> null) or a response; the value is serialized like the API's JSON.</summary>
    public sealed record Example(int? Status, string Name, string Summary, object Value);

    public sealed record ResponseHeader(int Status, string Name, string Description);

    /// <summary>A text/event-stream response: the event names and what each one's data holds.</summary>
    public sealed record EventStream(IReadOnlyList<(string Event, string Data)> Events, string Sample);

    /// <summary>A response that is one of two shapes, e.g. one ticket or a batch of tickets.</summary>
    public sealed record Alternative(int Status, Type Type);

    public static RouteHandlerBuilder ProducesEither<TFirst, TSecond>(this RouteHandlerBuilder builder, int status) =>
        builder.Produces<TFirst>(status).WithMetadata(new Alternative(status, typeof(TSecond)));

    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, string name, string summary, object value) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Example(null, name, summary, value));

    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, int status, string name, string summary, object value) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Example(status, name, summary, value));

    /// <summary>A 302 whose Location is a short-lived presigned URL.</summary>
    public static RouteHandlerBuilder ProducesRedirect(this RouteHandlerBuilder builder, string location) =>
        builder.Produces(StatusCodes.Status302Found).WithMetadata(new ResponseHeader(StatusCodes.Status302Found, "Location", location));

    public static RouteHandlerBuilder ProducesEventStream(this RouteHandlerBuilder builder, EventStream stream) =>
        builder.Produces<string>(StatusCodes.Status200OK, "text/event-stream").WithMetadata(stream);
}
