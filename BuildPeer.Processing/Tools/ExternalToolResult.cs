namespace BuildPeer.Processing.Tools;

public sealed record ExternalToolResult(string Tool, string Stdout, string Stderr, TimeSpan Elapsed);
