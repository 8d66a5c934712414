namespace BuildPeer.Processing.Tools;

/// <summary>A command-line tool ran past its time limit and its process tree was killed.</summary>
public sealed class ExternalToolTimeoutException(string tool, TimeSpan timeout, string stderr)
    : ExternalToolException(tool, null, $"killed after {timeout.TotalSeconds:0.###} s. {stderr}")
{
    public TimeSpan Timeout { get; } = timeout;
}
