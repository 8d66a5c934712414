namespace BuildPeer.TestSupport;

/// <summary>Optional settings for <see cref="LocalProcess.Start"/> and the dependency launchers.</summary>
public sealed record LocalProcessOptions
{
    /// <summary>Where the output goes instead of the launcher's default log file.</summary>
    public string? LogPath { get; init; }

    /// <summary>Called with each output line after it is written to the log.</summary>
    public Action<string>? OnOutputLine { get; init; }

    /// <summary>
    /// Start the child in a session of its own (setsid), so Ctrl+C in a terminal reaches only the parent,
    /// which then stops its children in order instead of all of them receiving SIGINT at once.
    /// </summary>
    public bool OwnSession { get; init; }
}
