using System.Text.Encodings.Web;
using System.Text.Json;

namespace BuildPeer.Hosting.Publishing;

/// <summary>Writes aspire-manifest.json: the resources in Aspire's manifest format, for the deployment tooling.</summary>
public static class ManifestPublisher
{
    public const string FileName = "aspire-manifest.json";
    public const string Schema = "https://json.schemastore.org/aspire-8.0.json";

    /// <summary>The manifest as it would be written to <paramref name="manifestPath"/> (project paths are relative to it).</summary>
    public static byte[] Render(DistributedApplication app, string manifestPath)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            IndentSize = 2,
            NewLine = "\n",
            // As Aspire: expressions and arguments keep their characters ('+', '&', '<') instead of \u escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            var context = new ManifestPublishingContext(app.ExecutionContext, manifestPath, writer);
            writer.WriteStartObject();
            writer.WriteString("$schema", Schema);
            writer.WriteStartObject("resources");
            foreach (var resource in app.Model.Resources.Where(r => !r.ExcludedFromManifest))
            {
                writer.WriteStartObject(resource.Name);
                context.WriteResource(resource);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        stream.Write("\n"u8);
        return stream.ToArray();
    }

    /// <summary>The <c>publish</c> command: writes the file under <c>--output-path</c> (default: the current folder).</summary>
    public static async Task<int> PublishAsync(DistributedApplication app, TextWriter output, CancellationToken ct = default)
    {
        var outputPath = Path.GetFullPath(app.ExecutionContext.Options.OutputPath ?? Directory.GetCurrentDirectory());
        var manifestPath = outputPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? outputPath : Path.Combine(outputPath, FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(manifestPath)!);
        await File.WriteAllBytesAsync(manifestPath, Render(app, manifestPath), ct);
        await output.WriteLineAsync($"Published manifest to: {manifestPath}");
        return 0;
    }
}
