using System.Text.Json.Nodes;
using BuildPeer.TestSupport;

namespace BuildPeer.AppHost.Tests;

/// <summary>The aspire-manifest.json at the repository root, which the deployment reads.</summary>
public static class CheckedInManifest
{
    public const string FileName = "aspire-manifest.json";
    public const string RegenerateCommand = "dotnet run --project BuildPeer.AppHost -- --publisher manifest --output-path \"$PWD\"";

    public static string Path => System.IO.Path.Combine(RepositoryPaths.Root, FileName);

    public static JsonObject Resources(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!["resources"]!.AsObject();
}
