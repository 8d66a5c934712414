using System.Text.Json.Nodes;
using BuildPeer.Hosting.Local;
using BuildPeer.Hosting.Publishing;

namespace BuildPeer.AppHost.Tests;

/// <summary>The aspire-manifest.json at the repository root, which the deployment reads.</summary>
public static class CheckedInManifest
{
    public const string RegenerateCommand = "dotnet run --project BuildPeer.AppHost -- publish --output-path .";

    public static string Path => System.IO.Path.Combine(RepositoryPaths.Root, ManifestPublisher.FileName);

    public static JsonObject Resources(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!["resources"]!.AsObject();
}
