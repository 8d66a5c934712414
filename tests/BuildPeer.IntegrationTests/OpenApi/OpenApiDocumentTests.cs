using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using BuildPeer.Api.OpenApi;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace BuildPeer.IntegrationTests.OpenApi;

/// <summary>
/// /openapi/v1.json: valid OpenAPI 3.1, the same as the checked-in BuildPeer.Api/openapi/v1.json, and complete: every
/// endpoint the API maps is in it with a summary, its success answer and the problems it can give.
/// </summary>
public sealed class OpenApiDocumentTests : IClassFixture<OpenApiDocumentTests.Api>
{
    public sealed class Api : IAsyncLifetime
    {
        public IAlbaHost Host { get; private set; } = null!;
        public string Json { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Host = await DocumentOnlyApi.StartAsync();
            Json = await Host.GetAsText(OpenApiSetup.DocumentPath);
        }

        public async Task DisposeAsync()
        {
            if (Host is not null) await Host.DisposeAsync();
        }
    }

    public static readonly string CheckedInPath = Path.Combine(RepositoryPaths.Root, "BuildPeer.Api", "openapi", "v1.json");
    private readonly Api _api;
    private readonly JsonObject _document;

    public OpenApiDocumentTests(Api api)
    {
        _api = api;
        _document = JsonNode.Parse(api.Json)!.AsObject();
    }

    [Fact]
    public async Task The_document_reads_as_valid_OpenAPI_3_1_with_no_errors()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(_api.Json));
        var (document, diagnostic) = await OpenApiDocument.LoadAsync(stream, "json", new OpenApiReaderSettings());

        Assert.NotNull(document);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic!.SpecificationVersion);
        Assert.True(diagnostic.Errors.Count == 0, string.Join("\n", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        var errors = document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.Equal("http", document.Components!.SecuritySchemes![DocumentTransformer.BearerScheme].Type.ToString()!.ToLowerInvariant());
        Assert.Contains("/api/projects/{projectId}/uploads", document.Paths.Keys);
    }

    [Fact]
    public void The_checked_in_document_is_the_one_the_API_serves()
    {
        var checkedIn = JsonNode.Parse(File.ReadAllText(CheckedInPath));
        Assert.True(JsonNode.DeepEquals(checkedIn, _document),
            $"{CheckedInPath} is not what the API serves at {OpenApiSetup.DocumentPath}. Build BuildPeer.Api (the build writes the file) and commit it.");
    }

    [Fact]
    public void Every_mapped_endpoint_is_in_the_document_with_a_summary_its_answers_and_its_problems()
    {
        var endpoints = _api.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (Endpoint: e, Method: m)))
            .ToList();
        Assert.True(endpoints.Count >= 33, $"only {endpoints.Count} endpoints found");

        var failures = new List<string>();
        foreach (var (endpoint, method) in endpoints)
        {
            var path = DocumentPath(endpoint.RoutePattern);
            var name = $"{method} {path}";
            if (_document["paths"]?[path]?[method.ToLowerInvariant()] is not JsonObject operation)
            {
                failures.Add($"{name}: not in the document");
                continue;
            }
            if (string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>())) failures.Add($"{name}: no summary");
            var responses = operation["responses"]!.AsObject();
            if (!responses.Any(r => r.Key[0] is '2' or '3')) failures.Add($"{name}: no success answer");

            var required = new List<int> { 429, 503 };
            var needsToken = endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
            if (needsToken) required.Add(401);
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null) required.AddRange([400, 413]);
            if (endpoint.RoutePattern.Parameters.Count > 0) required.Add(404); // an id in the path: missing, or another tenant's
            required.AddRange(endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).Where(s => s >= 400));
            foreach (var status in required.Distinct())
            {
                if (responses[status.ToString()] is not JsonObject problem) { failures.Add($"{name}: no {status} answer"); continue; }
                if (problem["content"]?["application/problem+json"] is not JsonObject media) { failures.Add($"{name}: {status} is not a problem+json answer"); continue; }
                if (media["example"]?["code"]?.GetValue<string>() is not { Length: > 0 } code) failures.Add($"{name}: {status} has no example with its code");
                else if (problem["description"]?.GetValue<string>().Contains($"`{code}`", StringComparison.Ordinal) != true) failures.Add($"{name}: {status} does not name its code `{code}`");
                if (status is 423 or 429 or 503 && problem["headers"]?["Retry-After"] is null) failures.Add($"{name}: {status} without Retry-After");
            }
            if (needsToken != (operation["security"] is JsonArray { Count: > 0 })) failures.Add($"{name}: bearer requirement does not match the endpoint's authorization");
        }

        var documented = _document["paths"]!.AsObject().Sum(p => p.Value!.AsObject().Count);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(endpoints.Count, documented);
    }

    [Fact]
    public void Every_conflict_a_handler_answers_is_documented_with_its_code()
    {
        var failures = new List<string>();
        var operations = _document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!.AsObject()))
            .ToDictionary(o => o["operationId"]!.GetValue<string>());
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "BuildPeer.Api"), "*.cs", SearchOption.AllDirectories))
        {
            var source = File.ReadAllText(file);
            var titles = System.Text.RegularExpressions.Regex.Matches(source, @"Problems\.Conflict\(""([^""]+)""").Select(m => m.Groups[1].Value).Distinct().ToList();
            if (titles.Count == 0) continue;
            var names = System.Text.RegularExpressions.Regex.Matches(source, @"\.WithName\(""([^""]+)""\)").Select(m => m.Groups[1].Value).ToList();
            var documented = string.Join(" ", names.Select(n => operations.GetValueOrDefault(n)?["responses"]?["409"]?["description"]?.GetValue<string>()));
            foreach (var title in titles)
                if (!documented.Contains("`" + global::BuildPeer.Api.Infrastructure.ProblemCodes.Slug(title) + "`", StringComparison.Ordinal))
                    failures.Add($"{Path.GetFileName(file)}: the 409 \"{title}\" is not documented (add .ProducesConflicts(\"{title}\") to its Map call)");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_upload_ticket_the_part_list_and_the_streams_have_examples()
    {
        var initiate = _document["paths"]!["/api/projects/{projectId}/uploads"]!["post"]!;
        var tickets = initiate["responses"]!["201"]!["content"]!["application/json"]!["examples"]!.AsObject();
        Assert.NotNull(tickets["single-put"]!["value"]!["put"]!["url"]);
        Assert.Equal(3, tickets["multipart"]!["value"]!["multipart"]!["parts"]!.AsArray().Count);
        Assert.True(initiate["responses"]!["200"]!["content"]!["application/json"]!["examples"]!["duplicate"]!["value"]!["duplicate"]!.GetValue<bool>());
        Assert.NotNull(initiate["requestBody"]!["content"]!["application/json"]!["examples"]!["batch"]!["value"]!["files"]);

        var parts = _document["paths"]!["/api/uploads/{uploadId}/parts"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["examples"]!["resume"]!["value"]!;
        Assert.Equal([3], parts["missing"]!.AsArray().Select(n => n!.GetValue<int>()));

        foreach (var stream in new[] { "/api/projects/{projectId}/uploads/stream", "/api/uploads/{uploadId}/stream" })
        {
            var ok = _document["paths"]![stream]!["get"]!["responses"]!["200"]!;
            Assert.NotNull(ok["content"]!["text/event-stream"]!["example"]);
            foreach (var name in new[] { "`ready`", "`status`", "`progress`", "`reset`", "`expired`" }) Assert.Contains(name, ok["description"]!.GetValue<string>());
            var parameters = _document["paths"]![stream]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());
            Assert.Contains("Last-Event-ID", parameters);
            Assert.Contains("access_token", parameters);
        }
    }

    [Fact]
    public async Task Problems_carry_the_codes_the_document_names()
    {
        await AssertProblemAsync(s => s.Get.Url("/api/projects"), HttpStatusCode.Unauthorized, "unauthorized");
        await AssertProblemAsync(s => s.Post.Json(new { email = "", password = "" }).ToUrl("/api/auth/login"), HttpStatusCode.BadRequest, "validation-failed");
        await AssertProblemAsync(s => s.Post.RawJson("{ not json").ToUrl("/api/auth/login"), HttpStatusCode.BadRequest, "unreadable-request");
        await AssertProblemAsync(s => s.Post.ByteArray(new byte[2 * 1024 * 1024]).ContentType("application/json").ToUrl("/api/auth/login"),
            HttpStatusCode.RequestEntityTooLarge, "body-too-large");

        // No database behind this API: the dependency problem, with Retry-After, as documented.
        var down = await AssertProblemAsync(s => s.Post.Json(new { email = "a@b.c", password = "x" }).ToUrl("/api/auth/login"),
            HttpStatusCode.ServiceUnavailable, "dependency-unavailable");
        Assert.NotEqual(0, down.Context.Response.Headers.RetryAfter.Count);
    }

    private async Task<IScenarioResult> AssertProblemAsync(Action<Scenario> request, HttpStatusCode status, string code)
    {
        var result = await _api.Host.Scenario(s =>
        {
            request(s);
            s.ProblemShouldBe(status);
        });
        Assert.Equal(code, JsonNode.Parse(await result.ReadAsTextAsync())!["code"]!.GetValue<string>());
        return result;
    }

    /// <summary>/api/uploads/{uploadId:guid}/parts/{partNumber:int} → /api/uploads/{uploadId}/parts/{partNumber}.</summary>
    private static string DocumentPath(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p2 => "{" + p2.Name + "}",
            _ => "",
        }))));
}
