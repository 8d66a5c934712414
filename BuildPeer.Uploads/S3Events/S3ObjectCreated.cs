using System.Text.Json;

namespace BuildPeer.Uploads.S3Events;

/// <summary>One object-created notice, from either of AWS's formats.</summary>
public sealed record S3ObjectCreated(string Bucket, string Key, long Size, string? ETag)
{
    /// <summary>
    /// Reads an S3 event notification ({"Records":[{"eventName":"ObjectCreated:Put","s3":{...}}]}, keys URL-encoded
    /// with '+' for spaces) or an EventBridge "Object Created" event ({"detail-type":"Object Created","detail":{...}}).
    /// Other events (s3:TestEvent, deletions) yield nothing.
    /// </summary>
    public static IReadOnlyList<S3ObjectCreated> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var found = new List<S3ObjectCreated>();
        if (root.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
        {
            foreach (var record in records.EnumerateArray())
            {
                if (!(record.TryGetProperty("eventName", out var name) && name.GetString()?.StartsWith("ObjectCreated:", StringComparison.Ordinal) == true)) continue;
                var s3 = record.GetProperty("s3");
                var obj = s3.GetProperty("object");
                var key = Uri.UnescapeDataString(obj.GetProperty("key").GetString()!.Replace('+', ' '));
                found.Add(new S3ObjectCreated(s3.GetProperty("bucket").GetProperty("name").GetString()!, key,
                    obj.TryGetProperty("size", out var size) ? size.GetInt64() : -1, obj.TryGetProperty("eTag", out var etag) ? etag.GetString() : null));
            }
        }
        else if (root.TryGetProperty("detail-type", out var type) && type.GetString() == "Object Created")
        {
            var detail = root.GetProperty("detail");
            var obj = detail.GetProperty("object");
            found.Add(new S3ObjectCreated(detail.GetProperty("bucket").GetProperty("name").GetString()!, obj.GetProperty("key").GetString()!,
                obj.TryGetProperty("size", out var size) ? size.GetInt64() : -1, obj.TryGetProperty("etag", out var etag) ? etag.GetString() : null));
        }
        return found;
    }
}
