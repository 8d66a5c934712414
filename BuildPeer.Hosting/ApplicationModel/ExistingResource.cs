namespace BuildPeer.Hosting;

/// <summary>
/// A resource the user's environment already provides in run mode (an existing database, real AWS).
/// <paramref name="Source"/> says where it came from; <paramref name="Value"/> is what it provides, if anything.
/// </summary>
public sealed record ExistingResource(string Source, string? Value);
