using System.Globalization;

namespace BuildPeer.Uploads.Rules;

/// <summary>
/// Why an upload failed: a stable <see cref="Code"/> with its <see cref="Parameters"/>, which pages put into a
/// sentence of their own language, and the English <see cref="Sentence"/> the API and the CLI show.
/// </summary>
public sealed record FailureReason(string Code, IReadOnlyDictionary<string, string> Parameters, string Sentence)
{
    /// <summary>A failure recorded before reasons had codes: only its English sentence is known.</summary>
    public const string Unspecified = "unspecified";

    /// <summary>Not a failure code: what pages show for a Quarantined upload, with its "signature" parameter.</summary>
    public const string VirusFound = "virus_found";

    public static FailureReason ChecksumMismatch(string declared, string actual) => new("checksum_mismatch",
        Params(("declared", declared), ("actual", actual)),
        $"checksum mismatch: the client declared SHA-256 {declared}, the stored file has {actual}.");

    public static FailureReason ContentMismatch(string declaredType, string actual) => new("content_mismatch",
        Params(("declaredType", declaredType), ("actual", actual)),
        $"The file's content does not match its declared type {declaredType}: it is {actual}.");

    public static FailureReason ImageTooLarge(int width, int height, long pixels, long maxPixels) => new("image_too_large",
        Params(("width", Text(width)), ("height", Text(height)), ("megapixels", Text(pixels / 1_000_000)), ("limitMegapixels", Text(maxPixels / 1_000_000))),
        $"The image is {width}x{height} ({pixels / 1_000_000} MP); the limit is {maxPixels / 1_000_000} MP.");

    public static FailureReason ImageUnreadable(string detail) => new("image_unreadable",
        Params(("detail", detail)), "The image cannot be read: " + detail);

    public static FailureReason PdfPasswordProtected() => new("pdf_password_protected",
        Params(), "The PDF is password-protected. Upload a copy without a password.");

    public static FailureReason PdfUnreadable(string detail) => new("pdf_unreadable",
        Params(("detail", detail)), "The PDF cannot be read: " + detail);

    /// <summary>The client's key was written again after complete and before the scan copied the recorded bytes.</summary>
    public static FailureReason WrittenAfterCompletion() => new("written_after_completion", Params(),
        "The file was written again in storage after the upload was completed, so it was not scanned. Upload the file again as a new upload.");

    public static FailureReason NoLongerStored() => new("no_longer_stored", Params(), "The file is no longer in storage. Upload it again.");

    /// <summary>A stage that kept failing until its message was dead-lettered.</summary>
    public static FailureReason StageGaveUp(Exception error) => new("stage_gave_up",
        Params(("error", $"{error.GetType().Name}: {error.Message}")), $"{error.GetType().Name}: {error.Message}");

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Params(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);
}
