using BuildPeer.Uploads.Rules;

namespace BuildPeer.Processing.Infrastructure;

/// <summary>An exception that knows the reason (code and sentence) an upload should fail with, wherever it ends up.</summary>
public interface IExplainedFailure
{
    FailureReason Reason { get; }
}
