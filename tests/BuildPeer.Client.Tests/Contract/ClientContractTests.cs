using System.Collections;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using BuildPeer.Client.Api;
using BuildPeer.Client.Auth;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Tests.Contract;

/// <summary>
/// The CLI's API calls against the API's OpenAPI document, so the two cannot drift: every call BuildPeerApi makes
/// is driven through a handler that records it, and each one must be an operation of the document whose request
/// schema has every property the client sends, and whose response schema has every property the client reads.
/// </summary>
public sealed class ClientContractTests
{
    private static readonly Guid Id = Guid.Parse("0198f3a2-7c41-7d0e-9b6a-3f2d1c0e5a77");
    private readonly ApiDocument _document = ApiDocument.Load();

    private sealed record ClientCall(string Method, Type Reads, Func<BuildPeerApi, HttpClient, Task> Run);

    /// <summary>One entry per public call of <see cref="BuildPeerApi"/>, with the type the client reads from the answer.</summary>
    private static readonly ClientCall[] Calls =
    [
        new(nameof(BuildPeerApi.LoginAsync), typeof(LoginResult), (_, http) => BuildPeerApi.LoginAsync(http, "empleado@demo.buildpeer.lat", "pw", default)),
        new(nameof(BuildPeerApi.RefreshAsync), typeof(RefreshResult), (_, http) => BuildPeerApi.RefreshAsync(http, "refresh", Retrier(), default)),
        new(nameof(BuildPeerApi.InitiateAsync), typeof(UploadTicket), (api, _) => api.InitiateAsync(Id, "fachada.jpg", "image/jpeg", 10, new string('a', 64), default)),
        new(nameof(BuildPeerApi.SignPartsAsync), typeof(SignedParts), (api, _) => api.SignPartsAsync(Id, [1, 2], default)),
        new(nameof(BuildPeerApi.ListPartsAsync), typeof(PartsListing), (api, _) => api.ListPartsAsync(Id, default)),
        new(nameof(BuildPeerApi.ConfirmPartAsync), typeof(void), (api, _) => api.ConfirmPartAsync(Id, 3, "\"etag\"", 8, new string('b', 64), default)),
        new(nameof(BuildPeerApi.CompleteAsync), typeof(UploadView), (api, _) => api.CompleteAsync(Id, new string('a', 64), default)),
        new(nameof(BuildPeerApi.GetUploadAsync), typeof(UploadView), (api, _) => api.GetUploadAsync(Id, default)),
        new(nameof(BuildPeerApi.ListProjectUploadsAsync), typeof(UploadPage), (api, _) => api.ListProjectUploadsAsync(Id, 50, "cursor", default)),
        new(nameof(BuildPeerApi.DeleteUploadAsync), typeof(void), (api, _) => api.DeleteUploadAsync(Id, default)),
        new(nameof(BuildPeerApi.ListDeadLettersAsync), typeof(List<DeadLetterView>), (api, _) => api.ListDeadLettersAsync(DeadLetterStates.Dead, 10, default)),
        new(nameof(BuildPeerApi.ReplayDeadLetterAsync), typeof(void), (api, _) => api.ReplayDeadLetterAsync(Id, default)),
        new(nameof(BuildPeerApi.ReplayAllDeadLettersAsync), typeof(ReplayAllResult), (api, _) => api.ReplayAllDeadLettersAsync(default)),
        new(nameof(BuildPeerApi.DiscardDeadLetterAsync), typeof(void), (api, _) => api.DiscardDeadLetterAsync(Id, "duplicate", default)),
    ];

    [Fact]
    public void Every_call_the_client_can_make_is_in_this_contract()
    {
        var calls = typeof(BuildPeerApi).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType)).Select(m => m.Name).Distinct().Order();
        Assert.Equal(calls, Calls.Select(c => c.Method).Order());
    }

    [Fact]
    public async Task Every_request_the_client_sends_is_an_operation_of_the_document_with_the_properties_it_sends()
    {
        var failures = new List<string>();
        foreach (var call in Calls)
        {
            var sent = await DriveAsync(call);
            var operation = _document.Operation(sent.Method, sent.Path);
            if (operation is null)
            {
                failures.Add($"{call.Method}: {sent.Method} {sent.Path} is not in the document");
                continue;
            }
            if (sent.Body.Length == 0) continue;
            if (_document.RequestSchema(operation) is not { } schema)
            {
                failures.Add($"{call.Method}: sends a body, but {sent.Method} {sent.Path} takes none");
                continue;
            }
            var known = ApiDocument.PropertyNames(schema);
            foreach (var property in JsonNode.Parse(sent.Body)!.AsObject().Select(p => p.Key).Where(p => !known.Contains(p)))
                failures.Add($"{call.Method}: sends \"{property}\", which the request schema does not have ({string.Join(", ", known)})");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_property_the_client_reads_is_in_the_response_schema()
    {
        var failures = new List<string>();
        foreach (var call in Calls)
        {
            var sent = await DriveAsync(call);
            var operation = _document.Operation(sent.Method, sent.Path);
            Assert.NotNull(operation);
            if (call.Reads == typeof(void))
            {
                if (!_document.SuccessHasNoBody(operation)) failures.Add($"{call.Method}: the client ignores a body the API documents");
                continue;
            }
            if (_document.SuccessSchema(operation) is not { } schema)
            {
                failures.Add($"{call.Method}: reads {call.Reads.Name}, but {sent.Method} {sent.Path} documents no JSON answer");
                continue;
            }
            Compare(call.Method, call.Reads, schema, failures);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_comparison_catches_a_property_the_API_does_not_send()
    {
        var failures = new List<string>();
        var schema = JsonNode.Parse("""{ "type": "object", "properties": { "id": { "type": "string" } } }""")!.AsObject();
        Compare("test", typeof(ReplayAllResult), schema, failures);
        Assert.Contains(failures, f => f.Contains("\"replayed\""));
    }

    /// <summary>Each property the client's type reads must be in the schema; nested records and lists are compared too.</summary>
    private void Compare(string where, Type type, JsonObject schema, List<string> failures)
    {
        if (Element(type) is { } element)
        {
            if (!ApiDocument.IsArray(schema)) failures.Add($"{where}: reads a list, the API documents {schema["type"]}");
            else if (schema["items"] is JsonObject items) Compare(where + "[]", element, _document.Resolve(items), failures);
            return;
        }
        var alternatives = _document.Alternatives(schema).ToList();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod?.GetParameters().Length == 0 && IsData(type, p)))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var match = alternatives.Select(a => a["properties"]?[name] as JsonObject).FirstOrDefault(p => p is not null);
            if (match is null)
            {
                failures.Add($"{where}: reads \"{name}\" ({type.Name}.{property.Name}), not in the schema ({string.Join(", ", alternatives.SelectMany(ApiDocument.PropertyNames))})");
                continue;
            }
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsRecord(propertyType) || Element(propertyType) is not null) Compare($"{where}.{name}", propertyType, _document.Resolve(match), failures);
        }
    }

    // Positional record properties are what the client deserializes; computed ones (IsFinal) are not read from JSON.
    private static bool IsData(Type type, PropertyInfo property) =>
        type.GetConstructors().Any(c => c.GetParameters().Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)));

    private static bool IsRecord(Type type) => type.IsClass && type != typeof(string) && type.GetMethod("<Clone>$") is not null;

    private static Type? Element(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) || type.Name.Contains("Dictionary", StringComparison.Ordinal)) return null;
        return type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault();
    }

    private sealed record Sent(string Method, string Path, string Body);

    /// <summary>Runs one client call against a handler that answers what the document says: no body, a JSON array or an object.</summary>
    private async Task<Sent> DriveAsync(ClientCall call)
    {
        var handler = new FakeApiHandler(c =>
        {
            var operation = _document.Operation(c.Method, c.Path);
            if (operation is null || _document.SuccessHasNoBody(operation)) return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
            var schema = _document.SuccessSchema(operation);
            return Task.FromResult(FakeApiHandler.Json(HttpStatusCode.OK, schema is not null && ApiDocument.IsArray(schema) ? "[]" : "{}"));
        });
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://api.test/") };
        var api = new BuildPeerApi(http, "token", Retrier());
        await call.Run(api, http);
        var recorded = Assert.Single(handler.Calls);
        return new Sent(recorded.Method, recorded.Path, recorded.Body);
    }

    private static Retrier Retrier() => new(new RetryPolicy([], TimeSpan.Zero), new PauseGate(TimeProvider.System), TimeProvider.System);
}
