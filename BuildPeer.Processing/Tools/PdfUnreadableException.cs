namespace BuildPeer.Processing.Tools;

/// <summary>The PDF cannot be opened: password-protected, damaged or not a PDF. Retrying will not help.</summary>
public sealed class PdfUnreadableException(string reason, Exception? inner = null)
    : Exception(reason, inner)
{
    public string Reason { get; } = reason;
}
