using System.Text;
using System.Text.Json.Nodes;
using BuildPeer.Hosting;
using BuildPeer.Hosting.Publishing;
using BuildPeer.TestSupport;

namespace BuildPeer.AppHost.Tests;

public class ManifestTests
{
    [Fact]
    public void Publishing_the_model_reproduces_the_checked_in_manifest_byte_for_byte()
    {
        var published = ManifestPublisher.Render(AppModel.Build(["publish"]), CheckedInManifest.Path);

        var checkedIn = File.ReadAllBytes(CheckedInManifest.Path);

        if (!published.AsSpan().SequenceEqual(checkedIn))
            Assert.Fail(FirstDifference(Encoding.UTF8.GetString(checkedIn), Encoding.UTF8.GetString(published)));
    }

    [Fact]
    public void The_manifest_does_not_depend_on_the_environment_the_AppHost_was_published_from()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__uploadsdb"] = "Host=db.example;Database=uploadsdb",
            ["ConnectionStrings__clamd"] = "tcp://10.0.0.5:3310",
            ["AWS_REGION"] = "sa-east-1",
            ["Parameters__aws_region"] = "eu-west-1",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317",
        };
        var withEnvironment = AppModel.Build(DistributedApplication.CreateBuilder(["publish"], environment));
        var without = AppModel.Build(DistributedApplication.CreateBuilder(["publish"], new Dictionary<string, string>()));

        var published = ManifestPublisher.Render(withEnvironment, CheckedInManifest.Path);

        Assert.Equal(Encoding.UTF8.GetString(ManifestPublisher.Render(without, CheckedInManifest.Path)), Encoding.UTF8.GetString(published));
    }

    [Fact]
    public async Task The_publish_command_writes_aspire_manifest_json_under_the_output_path_with_paths_relative_to_it()
    {
        using var output = new TemporaryDirectory("manifest");

        var exitCode = await AppModel.Build(["publish", "--output-path", output.Path]).RunAsync();

        Assert.Equal(0, exitCode);
        var manifestPath = output.File(ManifestPublisher.FileName);
        Assert.True(File.Exists(manifestPath));
        var written = CheckedInManifest.Resources(manifestPath);
        var checkedIn = CheckedInManifest.Resources(CheckedInManifest.Path);
        Assert.Equal(checkedIn.Select(r => r.Key), written.Select(r => r.Key));
        foreach (var (name, resource) in written.Where(r => r.Value!["path"] is not null))
        {
            var path = (string)resource!["path"]!;
            Assert.True(File.Exists(Path.GetFullPath(Path.Combine(output.Path, path))), $"{name}: {path} does not exist relative to {output.Path}");
            resource.AsObject().Remove("path");
            checkedIn[name]!.AsObject().Remove("path");
        }
        Assert.True(JsonNode.DeepEquals(checkedIn, written), "Apart from the project paths, the written manifest differs from the checked-in one.");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        // Lines split on '\n', so a difference only in line endings shows as a trailing '\r'.
        var line = Enumerable.Range(0, Math.Max(expectedLines.Length, actualLines.Length))
            .First(i => i >= expectedLines.Length || i >= actualLines.Length || expectedLines[i] != actualLines[i]);
        string At(string[] lines) => line < lines.Length ? lines[line] : "<end of file>";
        return $"""
            The published manifest differs from {CheckedInManifest.Path} first at line {line + 1}:
              checked in: {At(expectedLines)}
              published:  {At(actualLines)}
            If the model change is intended, regenerate the file from the repository root:
              {CheckedInManifest.RegenerateCommand}
            """;
    }
}
