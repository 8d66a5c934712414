namespace BuildPeer.Client.Api;

/// <summary>The answer of GET /api/uploads/{id}/parts: what storage holds (even unconfirmed) and what clients confirmed.</summary>
public sealed record PartsListing(long PartSize, int PartCount, long BytesStored, IReadOnlyList<PartListing> Parts, IReadOnlyList<int> Missing);

public sealed record PartListing(int PartNumber, long Offset, long Length, bool Stored, string? ETag, long? StoredSize, bool Confirmed, string? Sha256);
