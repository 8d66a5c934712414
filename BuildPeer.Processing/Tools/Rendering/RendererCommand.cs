namespace BuildPeer.Processing.Tools.Rendering;

/// <summary>How to start a renderer process.</summary>
public sealed record RendererCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>This very assembly in renderer mode, run by the same dotnet host as Processing (or the one on PATH).</summary>
    public static RendererCommand Default()
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        return new RendererCommand(host, [typeof(RendererProgram).Assembly.Location, RendererProgram.Command]);
    }
}
