namespace BuildPeer.Processing.Tools;

/// <summary>Turns poppler's stderr into a sentence a person can act on.</summary>
internal static class PdfFailureReason
{
    public static string From(string stderr)
    {
        if (stderr.Contains("Incorrect password", StringComparison.OrdinalIgnoreCase))
            return "The PDF is password-protected; upload a copy without a password.";
        var detail = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(line => line.StartsWith("Syntax Error", StringComparison.Ordinal) || line.StartsWith("I/O Error", StringComparison.Ordinal))
            ?? stderr.Trim();
        return detail.Length == 0
            ? "The file is damaged or is not a PDF."
            : $"The file is damaged or is not a PDF ({detail}).";
    }
}
