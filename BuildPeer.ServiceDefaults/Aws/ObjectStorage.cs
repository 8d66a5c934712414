using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace BuildPeer.ServiceDefaults.Aws;

public sealed record StoredObject(long Size, string ETag, string? ContentType);

public sealed record StoredPart(int PartNumber, string ETag, long Size);

public sealed record ListedObject(string Key, string ETag, long Size);

/// <summary>A server-side copy: the new object's ETag and, in a versioned bucket, its version id.</summary>
public sealed record StoredCopy(string ETag, string? VersionId);

/// <summary>The storage seam: the S3 calls both services make, on one bucket.</summary>
public sealed class ObjectStorage(IAmazonS3 s3, AwsSettings aws, IOptions<StorageOptions> options, UploadUrlClient? uploadUrls = null)
{
    private readonly IAmazonS3 _uploadSigner = uploadUrls?.S3 ?? s3;

    public string Bucket => options.Value.Bucket;

    /// <summary>A presigned PUT bound to the key, the content type (a signed header) and the expiry.</summary>
    public string PresignPut(string key, string contentType, TimeSpan lifetime) =>
        _uploadSigner.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            ContentType = contentType,
            Expires = ExpiresAt(lifetime),
            Protocol = Scheme,
        });

    /// <summary>A presigned GET that makes browsers download under the original (display) file name.</summary>
    public string PresignGet(string key, TimeSpan lifetime, string? downloadFileName = null, string? contentType = null, string? versionId = null)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            VersionId = versionId,
            Verb = HttpVerb.GET,
            Expires = ExpiresAt(lifetime),
            Protocol = Scheme,
        };
        if (downloadFileName is not null) request.ResponseHeaderOverrides.ContentDisposition = ContentDispositions.Attachment(downloadFileName);
        if (contentType is not null) request.ResponseHeaderOverrides.ContentType = contentType;
        return s3.GetPreSignedURL(request);
    }

    public async Task<StoredObject?> HeadAsync(string key, CancellationToken ct)
    {
        try
        {
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, ct);
            return new StoredObject(head.ContentLength, head.ETag?.Trim('"') ?? "", head.Headers.ContentType);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Streams an object with a plain HTTP GET of a presigned URL instead of the SDK's GetObject, which runs the whole
    /// body through a managed MD5 to compare with the ETag: under `perf` that MD5 was most of Processing's own CPU
    /// (two reads of every 3–5 MB photo). TCP/TLS protect the transfer, and Processing hashes every file with SHA-256
    /// against the client's declared hash. S3's errors come back as <see cref="AmazonS3Exception"/> as before.
    /// </summary>
    public async Task<Stream> OpenReadAsync(string key, CancellationToken ct)
    {
        using var headers = CancellationTokenSource.CreateLinkedTokenSource(ct);
        headers.CancelAfter(TimeSpan.FromSeconds(60)); // the SDK's timeout; the body then streams as long as its reader takes
        HttpResponseMessage response;
        try { response = await Downloads.GetAsync(PresignGet(key, TimeSpan.FromMinutes(15)), HttpCompletionOption.ResponseHeadersRead, headers.Token); }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested) { throw new TimeoutException($"S3 did not answer GET {key} within 60 s", e); }
        if (response.IsSuccessStatusCode) return await response.Content.ReadAsStreamAsync(ct);
        using (response) throw await S3ErrorAsync(response, key, ct);
    }

    private static readonly HttpClient Downloads = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan, // per call instead: see OpenReadAsync
    };

    private static async Task<AmazonS3Exception> S3ErrorAsync(HttpResponseMessage response, string key, CancellationToken ct)
    {
        string? code = null, message = null, requestId = null;
        try
        {
            var error = System.Xml.Linq.XElement.Parse(await response.Content.ReadAsStringAsync(ct));
            (code, message, requestId) = (error.Element("Code")?.Value, error.Element("Message")?.Value, error.Element("RequestId")?.Value);
        }
        catch (System.Xml.XmlException) { } // no S3 error document (a proxy's page, an empty body)
        var status = (int)response.StatusCode;
        return new AmazonS3Exception($"{message ?? response.ReasonPhrase ?? "S3 refused the request"} (GET {key}: {status})",
            status >= 500 ? Amazon.Runtime.ErrorType.Receiver : Amazon.Runtime.ErrorType.Sender, code ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            requestId ?? "", response.StatusCode);
    }

    public Task PutFileAsync(string key, string path, string contentType, CancellationToken ct) =>
        s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, FilePath = path, ContentType = contentType }, ct);

    public Task CopyAsync(string sourceKey, string destinationKey, CancellationToken ct) =>
        s3.CopyObjectAsync(Bucket, sourceKey, Bucket, destinationKey, ct);

    /// <summary>
    /// Copies only while the source still has <paramref name="sourceETag"/> (S3 answers 412 otherwise: see
    /// <see cref="IsPreconditionFailed"/>), so the copy holds exactly the bytes that were recorded.
    /// </summary>
    public async Task<StoredCopy> CopyIfMatchAsync(string sourceKey, string sourceETag, string destinationKey, CancellationToken ct)
    {
        var response = await s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = Bucket,
            SourceKey = sourceKey,
            DestinationBucket = Bucket,
            DestinationKey = destinationKey,
            ETagToMatch = $"\"{sourceETag}\"",
        }, ct);
        return new StoredCopy(response.ETag?.Trim('"') ?? "", string.IsNullOrEmpty(response.VersionId) || response.VersionId == "null" ? null : response.VersionId);
    }

    public static bool IsPreconditionFailed(AmazonS3Exception e) => e.StatusCode == System.Net.HttpStatusCode.PreconditionFailed;

    public Task DeleteAsync(string key, CancellationToken ct) =>
        s3.DeleteObjectAsync(Bucket, key, ct);

    public async Task<string> StartMultipartAsync(string key, string contentType, CancellationToken ct)
    {
        var response = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key, ContentType = contentType }, ct);
        return response.UploadId;
    }

    public string PresignPart(string key, string multipartUploadId, int partNumber, TimeSpan lifetime) =>
        _uploadSigner.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            UploadId = multipartUploadId,
            PartNumber = partNumber,
            Expires = ExpiresAt(lifetime),
            Protocol = Scheme,
        });

    public async Task<IReadOnlyList<StoredPart>> ListPartsAsync(string key, string multipartUploadId, CancellationToken ct)
    {
        var parts = new List<StoredPart>();
        int? marker = null;
        while (true)
        {
            var response = await s3.ListPartsAsync(new ListPartsRequest { BucketName = Bucket, Key = key, UploadId = multipartUploadId, PartNumberMarker = marker?.ToString() }, ct);
            parts.AddRange((response.Parts ?? []).Select(p => new StoredPart(p.PartNumber ?? 0, p.ETag.Trim('"'), p.Size ?? 0)));
            if (response.IsTruncated != true) return parts;
            marker = response.NextPartNumberMarker;
        }
    }

    public Task CompleteMultipartAsync(string key, string multipartUploadId, IReadOnlyList<StoredPart> parts, CancellationToken ct) =>
        s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = key,
            UploadId = multipartUploadId,
            PartETags = parts.OrderBy(p => p.PartNumber).Select(p => new PartETag(p.PartNumber, p.ETag)).ToList(),
        }, ct);

    /// <summary>Aborts a multipart upload; one already completed or aborted is not an error.</summary>
    public async Task AbortMultipartIfOpenAsync(string key, string multipartUploadId, CancellationToken ct)
    {
        try { await s3.AbortMultipartUploadAsync(Bucket, key, multipartUploadId, ct); }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { }
    }

    // The SDK rounds the remaining time up to whole seconds; stay under the lifetime so X-Amz-Expires never exceeds it.
    private static DateTime ExpiresAt(TimeSpan lifetime) => DateTime.UtcNow.Add(lifetime).AddMilliseconds(-1500);

    private Protocol Scheme => aws.IsLocalEmulator && aws.ServiceUrl!.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS;

    /// <summary>Every object under a prefix, 1000 keys per request.</summary>
    public async IAsyncEnumerable<ListedObject> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, MaxKeys = 1000, ContinuationToken = token }, ct);
            foreach (var o in page.S3Objects ?? []) yield return new ListedObject(o.Key, o.ETag?.Trim('"') ?? "", o.Size ?? 0);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
    }

    /// <summary>Deletes every object under a prefix, 1000 keys per request; returns how many.</summary>
    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken ct)
    {
        var deleted = 0;
        while (true)
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, MaxKeys = 1000 }, ct);
            var keys = page.S3Objects ?? [];
            if (keys.Count == 0) return deleted;
            await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = Bucket, Objects = keys.Select(o => new KeyVersion { Key = o.Key }).ToList() }, ct);
            deleted += keys.Count;
        }
    }

    public async Task EnsureBucketAsync(CancellationToken ct)
    {
        try { await s3.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }, ct); }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists") { }
    }
}
