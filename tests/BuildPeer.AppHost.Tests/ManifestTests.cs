using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using BuildPeer.TestSupport;

namespace BuildPeer.AppHost.Tests;

/// <summary>The checked-in manifest is what Aspire's own publisher writes for the AppHost today.</summary>
public class ManifestTests
{
    [Fact]
    public async Task Aspire_manifest_publisher_reproduces_the_checked_in_manifest()
    {
        using var output = new TemporaryDirectory("manifest");
        var (configuration, framework) = ProjectOutput.CurrentBuild();
        var appHost = Path.Combine(RepositoryPaths.Root, "BuildPeer.AppHost", "bin", configuration, framework, "BuildPeer.AppHost");
        var info = new ProcessStartInfo(appHost) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        foreach (var arg in new[] { "--publisher", "manifest", "--output-path", output.Path }) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        Assert.True(process.ExitCode == 0, $"{await log}{await errors}");

        var published = JsonNode.Parse(File.ReadAllText(output.File(CheckedInManifest.FileName)))!;
        // Project paths are written relative to the output folder: make them relative to the repository, as checked in.
        foreach (var (_, resource) in published["resources"]!.AsObject())
        {
            if (resource!["path"] is { } path)
                resource["path"] = Path.GetRelativePath(RepositoryPaths.Root, Path.GetFullPath(Path.Combine(output.Path, (string)path!)));
        }

        var checkedIn = JsonNode.Parse(File.ReadAllText(CheckedInManifest.Path))!;
        Assert.True(JsonNode.DeepEquals(checkedIn, published),
            $"aspire-manifest.json is out of date: run {CheckedInManifest.RegenerateCommand}\nPublished now:\n{published.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}");
    }

    [Fact]
    public void The_manifest_has_no_path_of_the_build_machine()
    {
        var text = File.ReadAllText(CheckedInManifest.Path);
        Assert.DoesNotContain(RepositoryPaths.Root, text);
        Assert.DoesNotContain("/tmp/", text);
        Assert.DoesNotContain("executable.v0", text);
    }
}
