using System.Text;

namespace BuildPeer.TestSupport.SigV4;

/// <summary>The URI encoding and path normalization that AWS Signature Version 4 prescribes.</summary>
public static class AwsUriEncoding
{
    /// <summary>
    /// Percent-encodes every UTF-8 byte except the RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~),
    /// with upper-case hex; a space becomes %20, never '+'. With <paramref name="keepSlash"/> '/' is left as is (paths).
    /// </summary>
    public static string Encode(string value, bool keepSlash = false)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (IsUnreserved(c) || (keepSlash && c == '/')) builder.Append(c);
            else builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.ToString();
    }

    /// <summary>
    /// RFC 3986 dot-segment removal plus collapsing of empty segments ("//"), keeping a trailing slash.
    /// Every service except S3 signs the normalized path.
    /// </summary>
    public static string NormalizePath(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        var normalized = "/" + string.Join('/', segments);
        var endsWithSlash = path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal);
        return endsWithSlash && segments.Count > 0 ? normalized + "/" : normalized;
    }

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';
}
