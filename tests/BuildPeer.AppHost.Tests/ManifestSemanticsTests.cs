using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BuildPeer.AppHost.Tests;

/// <summary>Checks on the checked-in manifest that hold whatever produced it.</summary>
public partial class ManifestSemanticsTests
{
    private static readonly JsonObject Resources = CheckedInManifest.Resources(CheckedInManifest.Path);

    public static TheoryData<string, string> Expressions()
    {
        var data = new TheoryData<string, string>();
        var found = AllStrings(Resources)
            .SelectMany(s => ExpressionPattern().Matches(s.Text).Select(m => (s.Owner, Expression: m.Groups[1].Value)))
            .Distinct();
        foreach (var (owner, expression) in found) data.Add(owner, expression);
        return data;
    }

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Every_expression_refers_to_something_its_resource_has(string owner, string expression)
    {
        var parts = expression.Split('.');
        var resource = Resources[parts[0]]?.AsObject();
        Assert.True(resource is not null, $"{owner}: {{{expression}}} refers to '{parts[0]}', which is not in the manifest.");

        var type = (string)resource["type"]!;
        switch (parts[1..])
        {
            case ["connectionString"]:
                Assert.True(resource["connectionString"] is not null, $"{owner}: {parts[0]} ({type}) has no connectionString.");
                break;
            case ["value"]:
                Assert.Equal("parameter.v0", type);
                break;
            case ["inputs", var input]:
                Assert.True(resource["inputs"]?[input] is not null, $"{owner}: {parts[0]} has no input '{input}'.");
                break;
            case ["bindings", var binding, var property]:
                Assert.True(resource["bindings"]?[binding] is not null, $"{owner}: {parts[0]} has no binding '{binding}'.");
                Assert.Contains(property, new[] { "host", "port", "targetPort", "url", "scheme" });
                break;
            default:
                Assert.Fail($"{owner}: {{{expression}}} is not a manifest expression.");
                break;
        }
    }

    [Fact]
    public void Every_expression_was_found()
    {
        // Guards the theory above against a pattern that silently matches nothing.
        Assert.True(Expressions().Count >= 20, $"only {Expressions().Count} expressions found");
    }

    [Fact]
    public void Project_paths_exist_relative_to_the_manifest()
    {
        var projects = Resources.Where(r => (string)r.Value!["type"]! == "project.v0").ToList();

        Assert.Equal(["api", "processing"], projects.Select(p => p.Key));
        foreach (var (name, project) in projects)
        {
            var path = (string)project!["path"]!;
            Assert.False(Path.IsPathRooted(path), $"{name}: {path} is absolute");
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(CheckedInManifest.Path)!, path)), $"{name}: {path} does not exist");
        }
    }

    [Fact]
    public void Run_only_resources_are_left_out_and_nothing_points_at_them()
    {
        Assert.Null(Resources["aws"]);
        Assert.Null(Resources["clamd"]);
        Assert.DoesNotContain(AllStrings(Resources), s => s.Text.Contains("{aws.") || s.Text.Contains("{clamd."));
    }

    [Fact]
    public void Secrets_are_generated_inputs_never_literal_values()
    {
        var secrets = Resources.Where(r => r.Value!["inputs"]?["value"]?["secret"]?.GetValue<bool>() == true).ToList();

        Assert.Equal(["jwt-signing-key", "postgres-password", "redis-password"], secrets.Select(s => s.Key).Order());
        Assert.All(secrets, s => Assert.NotNull(s.Value!["inputs"]!["value"]!["default"]!["generate"]!["minLength"]));
        Assert.True((int)Resources["jwt-signing-key"]!["inputs"]!["value"]!["default"]!["generate"]!["minLength"]! >= 48);
        Assert.DoesNotContain(AllStrings(Resources), s => Regex.IsMatch(s.Text, "(Password|SigningKey)=[^{]", RegexOptions.IgnoreCase));
    }

    private static IEnumerable<(string Owner, string Text)> AllStrings(JsonObject resources) =>
        resources.SelectMany(r => Strings(r.Value!).Select(text => (r.Key, text)));

    private static IEnumerable<string> Strings(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Strings(p.Value)),
        JsonArray a => a.SelectMany(v => v is null ? [] : Strings(v)),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    [GeneratedRegex(@"\{([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)\}")]
    private static partial Regex ExpressionPattern();
}
