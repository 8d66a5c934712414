namespace BuildPeer.Processing.Tools;

/// <summary>What clamd said about one stream. <see cref="Signature"/> is set only when infected.</summary>
public sealed record ScanVerdict(bool Infected, string? Signature, TimeSpan Elapsed);
