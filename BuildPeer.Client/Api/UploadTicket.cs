namespace BuildPeer.Client.Api;

/// <summary>
/// The answer of POST /api/projects/{projectId}/uploads: a presigned PUT, presigned part URLs, or
/// <see cref="Duplicate"/> (the same bytes are already stored clean in the project; send nothing).
/// </summary>
public sealed record UploadTicket(
    Guid UploadId,
    string Status,
    string FileName,
    DateTimeOffset ExpiresAt,
    SinglePutTicket? Put,
    MultipartTicket? Multipart,
    bool Duplicate = false);

/// <summary>The listed headers are signed and must be sent as given.</summary>
public sealed record SinglePutTicket(string Method, string Url, IReadOnlyDictionary<string, string> Headers);

public sealed record MultipartTicket(long PartSize, int PartCount, IReadOnlyList<PartTicket> Parts);

public sealed record PartTicket(int PartNumber, long Offset, long Length, string Url);

public sealed record SignedParts(IReadOnlyList<PartTicket> Parts, DateTimeOffset ExpiresAt);
