namespace BuildPeer.Uploads.Rules;

/// <param name="PartSize">
/// Parts of this many bytes instead of the server's, for a client on a slow link that would rather lose a small
/// part than a large one when its connection drops (S3's minimum of 5 MiB up to the server's part size).
/// </param>
public sealed record FileToUpload(string? FileName, string? ContentType, long Size, string? Sha256, long? PartSize = null);

/// <summary>Validates one requested file; returns field → messages a person can act on (empty when valid).</summary>
public static class UploadRequestRules
{
    public static Dictionary<string, string[]> Validate(FileToUpload file, UploadLimits limits, string prefix = "")
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(file.FileName))
            errors[prefix + "fileName"] = ["fileName is required: send the file's original name, e.g. \"fachada-norte.jpg\"."];
        else if (file.FileName.Length > 1024)
            errors[prefix + "fileName"] = ["fileName is longer than 1024 characters."];

        if (string.IsNullOrWhiteSpace(file.ContentType))
            errors[prefix + "contentType"] = ["contentType is required, e.g. \"image/jpeg\" or \"application/pdf\"."];
        else if (!ContentKinds.TryGet(file.ContentType, out _))
            errors[prefix + "contentType"] = [$"'{file.ContentType}' is not accepted. Send photos (JPEG, PNG, WebP, HEIC, TIFF), PDF or office documents (DOCX, XLSX, PPTX, DOC, XLS)."];

        if (file.Size <= 0)
            errors[prefix + "size"] = ["size must be the file's size in bytes and greater than 0."];
        else if (file.Size > limits.MaxFileSize)
            errors[prefix + "size"] = [$"The file is {Megabytes(file.Size)} MB; the limit is {Megabytes(limits.MaxFileSize)} MB per file. Split it or compress it."];

        if (file.Sha256 is not null && !IsSha256Hex(file.Sha256))
            errors[prefix + "sha256"] = ["sha256 must be 64 hexadecimal characters (the SHA-256 of the whole file)."];

        if (file.PartSize is { } partSize && (partSize < UploadPlan.MinPartSize || partSize > Math.Max(limits.PartSize, UploadPlan.MinPartSize)))
            errors[prefix + "partSize"] = [$"partSize must be between {UploadPlan.MinPartSize} (5 MiB, S3's smallest part) and {Math.Max(limits.PartSize, UploadPlan.MinPartSize)} bytes, or left out for the server's choice."];
        return errors;
    }

    public static bool IsSha256Hex(string value) =>
        value.Length == 64 && value.All(Uri.IsHexDigit);

    private static string Megabytes(long bytes) => (bytes / 1_000_000.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
