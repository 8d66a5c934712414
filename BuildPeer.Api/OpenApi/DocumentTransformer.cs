using BuildPeer.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BuildPeer.Api.OpenApi;

/// <summary>The document's introduction, the bearer scheme, and no servers (the same document at build time and at run time).</summary>
public sealed class DocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "BuildPeer Uploads API",
            Version = "v1",
            Description = Introduction,
        };
        // The generator lists the addresses the server listens on; a client uses the one it called.
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The accessToken of POST /api/auth/login or /api/auth/refresh (15 minutes; claims sub, tenant_id, role).",
        };
        OptionalNullableRequestProperties(document);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The generator marks every record constructor parameter required. An answer does always carry them (null
    /// included), but a request may leave out what may be null (sha256, or fileName in a batch): not required there.
    /// </summary>
    private static void OptionalNullableRequestProperties(OpenApiDocument document)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null) return;
        var seen = new HashSet<string>();
        var pending = new Stack<IOpenApiSchema>(document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.RequestBody?.Content?.Values.Select(m => m.Schema) ?? []).OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                if (seen.Add(id) && schemas.TryGetValue(id, out var target)) pending.Push(target);
                continue;
            }
            foreach (var nested in (schema.OneOf ?? []).Append(schema.Items).Concat(schema.Properties?.Values ?? []).OfType<IOpenApiSchema>()) pending.Push(nested);
            if (schema is not OpenApiSchema { Required: { Count: > 0 } required, Properties: { } properties }) continue;
            foreach (var (name, property) in properties)
                if (property.Type?.HasFlag(JsonSchemaType.Null) == true || property.OneOf?.Any(o => o.Type == JsonSchemaType.Null) == true) required.Remove(name);
        }
    }

    private const string Introduction = """
        Uploads for construction sites: the client registers each file with the API, sends its bytes **straight to storage**
        with the presigned PUT or part URLs it gets back, then calls complete; the pipeline scans the file (ClamAV),
        extracts metadata and makes renditions. Every upload is an event stream; its status is a projection.

        **Flow**: `POST /api/auth/login` → `POST /api/projects/{projectId}/uploads` (a single PUT up to 8 MiB, else
        multipart with 8 MiB parts) → PUT the bytes → (multipart: `PUT /api/uploads/{id}/parts/{n}` per part) →
        `POST /api/uploads/{id}/complete` → `GET /api/uploads/{id}` or the SSE streams until Processed.

        **Errors** are RFC 7807 problems (`application/problem+json`) with a detail a person can act on and a stable
        `code`: `validation-failed` (400, with `errors`), `unreadable-request` (400), `unauthorized` (401), `forbidden` (403),
        `not-found` (404; another tenant's data answers 404 too), one code per conflict (409, e.g. `parts-missing`),
        `body-too-large` (413), `account-locked` (423), `rate-limited` (429) and `dependency-unavailable` (503); 423, 429
        and 503 come with `Retry-After` (seconds).

        **Limits**: 100 requests and 50 upload initiations per minute per user, 100 per minute per IP address without a
        token; JSON bodies up to 1 MB.
        """;
}

/// <summary>Problem schemas show the <c>code</c> every problem carries (<see cref="ProblemCodes"/>).</summary>
public sealed class ProblemSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo is null && typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties[ProblemCodes.Property] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Stable, machine-readable: branch on this, not on the title or detail.",
            };
        }
        return Task.CompletedTask;
    }
}
