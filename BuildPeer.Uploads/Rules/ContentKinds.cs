namespace BuildPeer.Uploads.Rules;

public enum ContentKind { Photo, Pdf, Office }

public static class ContentKinds
{
    private static readonly Dictionary<string, ContentKind> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpeg"] = ContentKind.Photo,
        ["image/png"] = ContentKind.Photo,
        ["image/webp"] = ContentKind.Photo,
        ["image/heic"] = ContentKind.Photo,
        ["image/heif"] = ContentKind.Photo,
        ["image/tiff"] = ContentKind.Photo,
        ["application/pdf"] = ContentKind.Pdf,
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = ContentKind.Office,
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = ContentKind.Office,
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = ContentKind.Office,
        ["application/msword"] = ContentKind.Office,
        ["application/vnd.ms-excel"] = ContentKind.Office,
    };

    public static IReadOnlyCollection<string> AllowedContentTypes => Allowed.Keys;

    public static bool TryGet(string? contentType, out ContentKind kind)
    {
        kind = default;
        return contentType is not null && Allowed.TryGetValue(Normalize(contentType), out kind);
    }

    public static ContentKind Of(string contentType) =>
        TryGet(contentType, out var kind) ? kind : throw new ArgumentException($"'{contentType}' is not an accepted content type.");

    /// <summary>Lower-cased media type without parameters ("Image/JPEG; charset=x" → "image/jpeg").</summary>
    public static string Normalize(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant();
}
