namespace BuildPeer.Processing.Tools;

/// <summary>A command-line tool could not start or exited with a non-zero code.</summary>
public class ExternalToolException : Exception
{
    public ExternalToolException(string tool, int? exitCode, string stderr, Exception? inner = null)
        : base(Describe(tool, exitCode, stderr), inner)
    {
        Tool = tool;
        ExitCode = exitCode;
        Stderr = stderr;
    }

    public string Tool { get; }

    /// <summary>Null when the process never ran to completion (could not start, or was killed).</summary>
    public int? ExitCode { get; }

    public string Stderr { get; }

    private static string Describe(string tool, int? exitCode, string stderr)
    {
        var code = exitCode is { } c ? $"exited with code {c}" : "did not complete";
        var detail = stderr.Trim();
        return detail.Length == 0 ? $"{tool} {code}" : $"{tool} {code}: {detail}";
    }
}
