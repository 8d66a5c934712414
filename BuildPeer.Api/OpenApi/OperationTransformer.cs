using System.Text.Json;
using BuildPeer.Api.Infrastructure;
using BuildPeer.Api.Live;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace BuildPeer.Api.OpenApi;

/// <summary>
/// Writes what the endpoint metadata says but the generator does not: the bearer requirement, problem answers with
/// their codes, examples and Retry-After, extra response headers, and the SSE streams' events and parameters.
/// </summary>
public sealed class OperationTransformer(IOptions<JsonOptions> json) : IOpenApiOperationTransformer
{
    // The "type" ASP.NET Core gives a problem of each status (none for 413, 423, 429).
    private static readonly Dictionary<int, string> TypeSections = new()
    {
        [400] = "15.5.1", [401] = "15.5.2", [403] = "15.5.4", [404] = "15.5.5", [409] = "15.5.10", [503] = "15.6.4",
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (ApiConventions.RequiresToken(metadata))
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentTransformer.BearerScheme, context.Document)] = [] }];

        foreach (var (key, response) in operation.Responses ?? [])
        {
            if (!int.TryParse(key, out var status) || response is not OpenApiResponse r) continue;
            if (r.Content?.ContainsKey(ProblemResponses.ContentType) == true) DescribeProblem(status, r, metadata.OfType<ProblemResponses.ConflictCodes>().FirstOrDefault());
            foreach (var header in metadata.OfType<OperationDocs.ResponseHeader>().Where(h => h.Status == status))
                AddHeader(r, header.Name, header.Description, JsonSchemaType.String);
        }

        foreach (var example in metadata.OfType<OperationDocs.Example>())
        {
            var content = example.Status is { } status
                ? (operation.Responses?.GetValueOrDefault(status.ToString()) as OpenApiResponse)?.Content
                : (operation.RequestBody as OpenApiRequestBody)?.Content;
            if (content?.Values.FirstOrDefault() is not { } media) continue;
            media.Examples ??= new Dictionary<string, IOpenApiExample>();
            media.Examples[example.Name] = new OpenApiExample { Summary = example.Summary, Value = JsonSerializer.SerializeToNode(example.Value, json.Value.SerializerOptions) };
        }

        if (metadata.OfType<OperationDocs.EventStream>().FirstOrDefault() is { } stream) DescribeEventStream(operation, stream);

        foreach (var alternative in metadata.OfType<OperationDocs.Alternative>())
        {
            if ((operation.Responses?.GetValueOrDefault(alternative.Status.ToString()) as OpenApiResponse)?.Content?.Values.FirstOrDefault() is not { } media) continue;
            var other = await context.GetOrCreateSchemaAsync(alternative.Type, null, ct);
            context.Document!.AddComponent(alternative.Type.Name, other);
            media.Schema = new OpenApiSchema { OneOf = [media.Schema!, new OpenApiSchemaReference(alternative.Type.Name, context.Document)] };
        }

        // Successes first, then problems, each in status order.
        if (operation.Responses is { Count: > 1 } responses)
        {
            var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            responses.Clear();
            foreach (var (key, value) in sorted) responses[key] = value;
        }
    }

    private void DescribeProblem(int status, OpenApiResponse response, ProblemResponses.ConflictCodes? conflicts)
    {
        response.Description = ProblemResponses.Describe(status);
        if (status == StatusCodes.Status409Conflict && conflicts is not null)
            response.Description += " " + string.Join("; ", conflicts.Conflicts.Select(c => $"`{c.Code}` ({c.Title})")) + ".";
        if (ProblemResponses.HasRetryAfter(status))
            AddHeader(response, "Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer);

        var (title, detail) = status == StatusCodes.Status409Conflict && conflicts?.Conflicts.Count > 0
            ? (conflicts.Conflicts[0].Title, "The detail says what conflicts and what to do next.")
            : ProblemResponses.Example(status);
        var example = new Dictionary<string, object?>();
        if (TypeSections.TryGetValue(status, out var section)) example["type"] = "https://tools.ietf.org/html/rfc9110#section-" + section;
        example = new Dictionary<string, object?>(example)
        {
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            [ProblemCodes.Property] = ProblemCodes.For(status, title, validation: status == 400),
        };
        if (status == StatusCodes.Status400BadRequest) example["errors"] = new Dictionary<string, string[]> { ["size"] = [detail] };
        response.Content![ProblemResponses.ContentType].Example = JsonSerializer.SerializeToNode(example, json.Value.SerializerOptions);
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, JsonSchemaType type)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }

    private static void DescribeEventStream(OpenApiOperation operation, OperationDocs.EventStream stream)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(Parameter(LastEventId.Header, ParameterLocation.Header,
            "The id of the last event received: the stream first sends what changed since (browsers' EventSource sends it when reconnecting)."));
        operation.Parameters.Add(Parameter(LastEventId.QueryParameter, ParameterLocation.Query, $"The same as the {LastEventId.Header} header, for clients that cannot set headers."));
        operation.Parameters.Add(Parameter(LiveStreamAuthentication.QueryParameter, ParameterLocation.Query,
            "The bearer token, for EventSource clients that cannot send an Authorization header (these stream endpoints only)."));

        if (operation.Responses?.GetValueOrDefault("200") is not OpenApiResponse ok) return;
        ok.Description = "Server-Sent Events (`text/event-stream`), one JSON object per `data:` line; heartbeat comments (`: heartbeat`) every 15 s. " +
                         "Each event's `id` is the upload's latest global event sequence: reconnect with it as Last-Event-ID. Events: " +
                         string.Join("; ", stream.Events.Select(e => $"`{e.Event}`: {e.Data}")) + ".";
        if (ok.Content?.Values.FirstOrDefault() is { } media) media.Example = System.Text.Json.Nodes.JsonValue.Create(stream.Sample);
    }

    private static OpenApiParameter Parameter(string name, ParameterLocation where, string description) =>
        new() { Name = name, In = where, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
