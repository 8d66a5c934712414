namespace BuildPeer.Api.Uploads;

/// <summary>What a client needs to send one file's bytes straight to storage.</summary>
public sealed record UploadTicket(
    Guid UploadId,
    string Status,
    string FileName,
    string ObjectKey,
    DateTimeOffset ExpiresAt,
    SinglePutTicket? Put,
    MultipartTicket? Multipart,
    string StatusUrl,
    string CompleteUrl,
    bool Duplicate = false);

/// <summary>A presigned PUT; the listed headers are signed and must be sent as given.</summary>
public sealed record SinglePutTicket(string Method, string Url, IReadOnlyDictionary<string, string> Headers);

public sealed record MultipartTicket(long PartSize, int PartCount, IReadOnlyList<PartTicket> Parts);

public sealed record PartTicket(int PartNumber, long Offset, long Length, string Url);
